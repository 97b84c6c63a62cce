import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';

/** Where attachment bytes live; a local folder by default, other backends implement the same. */
export interface FileStorage {
  put(key: string, data: Uint8Array): Promise<void>;
  /** Takes over a file already on local disk (an upload received as a stream); the source is gone after. */
  putFile(key: string, source: string): Promise<void>;
  get(key: string): Promise<Uint8Array | undefined>;
  /** The bytes as a stream, read as the client takes them (a download never sits whole in memory). */
  open(key: string): Promise<{ size: number; stream: ReadableStream<Uint8Array> } | undefined>;
  remove(key: string): Promise<void>;
}

/** Files under a folder; keys are generated ids, never user text, so no path escapes the folder. */
export function localStorage(dir: string): FileStorage {
  const file = (key: string) => {
    if (!/^[a-z0-9_]+$/.test(key)) throw new Error('invalid storage key');
    return path.join(dir, key.slice(-2), key);
  };
  return {
    async put(key, data) {
      await fs.promises.mkdir(path.dirname(file(key)), { recursive: true });
      await fs.promises.writeFile(file(key), data);
    },
    async putFile(key, source) {
      await fs.promises.mkdir(path.dirname(file(key)), { recursive: true });
      try {
        await fs.promises.rename(source, file(key));
      } catch (e) {
        // Another disk: copy, then remove the source.
        if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
        await fs.promises.copyFile(source, file(key));
        await fs.promises.rm(source, { force: true });
      }
    },
    async get(key) {
      try {
        return await fs.promises.readFile(file(key));
      } catch {
        return undefined;
      }
    },
    async open(key) {
      try {
        const handle = await fs.promises.open(file(key), 'r');
        const { size } = await handle.stat();
        const stream = Readable.toWeb(
          handle.createReadStream({ autoClose: true }),
        ) as ReadableStream<Uint8Array>;
        return { size, stream };
      } catch {
        return undefined;
      }
    },
    async remove(key) {
      await fs.promises.rm(file(key), { force: true });
    },
  };
}
