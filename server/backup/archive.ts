import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { type Manifest, type Part, manifestSchema } from './backup.schema.js';
import { type EntrySink, TarWriter, readTar } from './tar.js';

/** Part paths an archive may hold: the database and attachment files; nothing that climbs out. */
const partPath = /^(db\/tessera\.(db|pgdump)|files\/[A-Za-z0-9_][A-Za-z0-9_./-]*)$/;
export const isPartPath = (p: string) =>
  partPath.test(p) && !p.split('/').some((s) => s === '..' || s === '.' || s === '');

/** sha256 and size of a file, read once. */
export async function hashFile(file: string): Promise<{ size: number; sha256: string }> {
  const h = createHash('sha256');
  let size = 0;
  for await (const c of fs.createReadStream(file) as AsyncIterable<Buffer>) {
    h.update(c);
    size += c.length;
  }
  return { size, sha256: h.digest('hex') };
}

/**
 * Writes the manifest (`manifest.json` unless named) followed by each part (read from `root/<part.path>`) as a gzip-compressed
 * tar at `target`, and syncs it to disk. Level 1 compression: a database compresses well even so,
 * and the backup of a large one stays bounded by disk speed rather than by zlib.
 */
export async function writeArchive<M extends Pick<Manifest, 'createdAt' | 'parts'>>(
  target: string,
  root: string,
  manifest: M,
  manifestName = 'manifest.json',
): Promise<void> {
  const gzip = zlib.createGzip({ level: 1 });
  const out = fs.createWriteStream(target, { flags: 'wx' });
  const done = pipeline(gzip, out);
  done.catch(() => {}); // awaited below; a failure also surfaces through the writes
  const tar = new TarWriter(gzip);
  const json = Buffer.from(JSON.stringify(manifest, null, 2));
  const at = new Date(manifest.createdAt);
  try {
    await tar.add(manifestName, json.length, [json], at);
    for (const p of manifest.parts) {
      const bytes = fs.createReadStream(path.join(root, p.path)) as AsyncIterable<Buffer>;
      await tar.add(p.path, p.size, bytes, at);
    }
    await tar.finish();
  } catch (e) {
    gzip.destroy(e as Error);
  }
  await done;
  const fd = await fs.promises.open(target, 'r');
  await fd.sync();
  await fd.close();
}

class ManifestRead extends Error {
  constructor(readonly manifest: Manifest) {
    super('manifest read');
  }
}

function collect(onDone: (b: Buffer) => void): EntrySink {
  const chunks: Buffer[] = [];
  return { data: (c) => void chunks.push(c), end: () => onDone(Buffer.concat(chunks)) };
}

function parseManifest(b: Buffer): Manifest {
  const parsed = manifestSchema.safeParse(JSON.parse(b.toString('utf8')));
  if (!parsed.success) throw new Error('the backup has no valid manifest.json');
  return parsed.data;
}

/** Reads only the manifest at the start of an archive (a few kilobytes of it). */
export async function readManifest(file: string): Promise<Manifest> {
  const input = fs.createReadStream(file).pipe(zlib.createGunzip());
  try {
    await readTar(input, (name) => {
      if (name !== 'manifest.json') throw new Error('the backup does not start with manifest.json');
      return collect((b) => {
        throw new ManifestRead(parseManifest(b));
      });
    });
  } catch (e) {
    if (e instanceof ManifestRead) return e.manifest;
    throw e;
  } finally {
    input.destroy();
  }
  throw new Error('the backup has no manifest.json');
}

/**
 * Reads a whole archive and checks every part against the manifest's size and sha256; with `into`,
 * also writes the parts under that folder. Throws, naming the first part that is missing, extra,
 * damaged or has an unsafe path. Nothing is trusted before its checksum matched.
 */
export async function verifyArchive(file: string, into?: string): Promise<Manifest> {
  let manifest: Manifest | undefined;
  const seen = new Set<string>();
  await pipeline(fs.createReadStream(file), zlib.createGunzip(), async (input: AsyncIterable<Buffer>) => {
    await readTar(input, async (name, size) => {
      if (!manifest) {
        if (name !== 'manifest.json') throw new Error('the backup does not start with manifest.json');
        return collect((b) => void (manifest = parseManifest(b)));
      }
      const part: Part | undefined = manifest.parts.find((p) => p.path === name);
      if (!part || !isPartPath(name) || seen.has(name))
        throw new Error(`the backup holds an unexpected entry: ${name}`);
      if (part.size !== size) throw new Error(`${name} has the wrong size`);
      seen.add(name);
      const h = createHash('sha256');
      let out: fs.WriteStream | undefined;
      if (into) {
        const target = path.join(into, name);
        await fs.promises.mkdir(path.dirname(target), { recursive: true });
        out = fs.createWriteStream(target, { flags: 'wx' });
      }
      return {
        data: async (c) => {
          h.update(c);
          if (out && !out.write(c)) await new Promise<void>((r) => out!.once('drain', () => r()));
        },
        end: async () => {
          if (out)
            await new Promise<void>((resolve, reject) =>
              out!.end((e?: Error | null) => (e ? reject(e) : resolve())),
            );
          if (h.digest('hex') !== part.sha256) throw new Error(`${name} is damaged (checksum mismatch)`);
        },
      };
    });
  });
  if (!manifest) throw new Error('the backup has no manifest.json');
  const missing = manifest.parts.find((p) => !seen.has(p.path));
  if (missing) throw new Error(`the backup is missing ${missing.path}`);
  return manifest;
}
