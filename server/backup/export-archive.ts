import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { type ExportManifest, exportManifestSchema, isExportPart } from './export.schema.js';
import { readTar } from './tar.js';

/** An archive that is not a sound Tessera export: the message says what is wrong with it. */
export class ExportArchiveInvalid extends Error {}

function parseManifest(b: Buffer): ExportManifest {
  let json: unknown;
  try {
    json = JSON.parse(b.toString('utf8'));
  } catch {
    throw new ExportArchiveInvalid('export.json is not JSON');
  }
  const parsed = exportManifestSchema.safeParse(json);
  if (!parsed.success) throw new ExportArchiveInvalid('export.json is not a Tessera export manifest');
  return parsed.data;
}

/**
 * Unpacks an export into the folder `into`, checking every part against the manifest's size and
 * sha256 as it streams by. Throws ExportArchiveInvalid naming the first part that is missing,
 * extra, damaged or has an unsafe path, or when the file is no export at all.
 */
export async function unpackExport(file: string, into: string): Promise<ExportManifest> {
  let manifest: ExportManifest | undefined;
  const seen = new Set<string>();
  const entries = async (input: AsyncIterable<Buffer>) =>
    readTar(input, async (name, size) => {
      if (!manifest) {
        if (name !== 'export.json')
          throw new ExportArchiveInvalid('the file does not start with export.json');
        const chunks: Buffer[] = [];
        return {
          data: (c) => void chunks.push(c),
          end: () => void (manifest = parseManifest(Buffer.concat(chunks))),
        };
      }
      const part = manifest.parts.find((p) => p.path === name);
      if (!part || !isExportPart(name) || seen.has(name))
        throw new ExportArchiveInvalid(`unexpected entry ${name}`);
      if (part.size !== size) throw new ExportArchiveInvalid(`${name} has the wrong size`);
      seen.add(name);
      const h = createHash('sha256');
      const target = path.join(into, name);
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      const out = fs.createWriteStream(target, { flags: 'wx' });
      return {
        data: async (c) => {
          h.update(c);
          if (!out.write(c)) await new Promise<void>((r) => out.once('drain', () => r()));
        },
        end: async () => {
          await new Promise<void>((resolve, reject) =>
            out.end((e?: Error | null) => (e ? reject(e) : resolve())),
          );
          if (h.digest('hex') !== part.sha256)
            throw new ExportArchiveInvalid(`${name} is damaged (checksum mismatch)`);
        },
      };
    });
  try {
    await pipeline(fs.createReadStream(file), zlib.createGunzip(), entries);
  } catch (e) {
    if (e instanceof ExportArchiveInvalid) throw e;
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw e;
    throw new ExportArchiveInvalid(`the file is not a readable export (${(e as Error).message})`);
  }
  if (!manifest) throw new ExportArchiveInvalid('the file holds no export.json');
  const missing = manifest.parts.find((p) => !seen.has(p.path));
  if (missing) throw new ExportArchiveInvalid(`the export is missing ${missing.path}`);
  const listed = new Set(manifest.parts.map((p) => p.path));
  const absent = manifest.tables.find((t) => !listed.has(`tables/${t.name}.jsonl`));
  if (absent) throw new ExportArchiveInvalid(`the export is missing tables/${absent.name}.jsonl`);
  return manifest;
}
