import { once } from 'node:events';
import type { Writable } from 'node:stream';

/**
 * The few parts of POSIX ustar that backups need: regular files only, names up to 255 bytes
 * (prefix + name), sizes up to 8 GB. Archives open with any `tar`, so an admin can always look
 * inside a backup without Tessera.
 */
const BLOCK = 512;

function octal(n: number, width: number): string {
  return `${n.toString(8).padStart(width - 1, '0')}\0`;
}

function splitName(name: string): { prefix: string; base: string } {
  if (Buffer.byteLength(name) <= 100) return { prefix: '', base: name };
  const cut = name.lastIndexOf('/', 155);
  if (
    cut > 0 &&
    Buffer.byteLength(name.slice(0, cut)) <= 155 &&
    Buffer.byteLength(name.slice(cut + 1)) <= 100
  )
    return { prefix: name.slice(0, cut), base: name.slice(cut + 1) };
  throw new Error(`tar: name too long: ${name}`);
}

/** One 512-byte ustar header for a regular file. */
export function tarHeader(name: string, size: number, mtime: Date): Buffer {
  const h = Buffer.alloc(BLOCK);
  const { prefix, base } = splitName(name);
  h.write(base, 0, 100, 'utf8');
  h.write(octal(0o644, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii');
  h.write(octal(0, 8), 116, 'ascii');
  h.write(octal(size, 12), 124, 'ascii');
  h.write(octal(Math.floor(mtime.getTime() / 1000), 12), 136, 'ascii');
  h.write('        ', 148, 'ascii');
  h.write('0', 156, 'ascii');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  h.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return h;
}

const padding = (size: number) => (BLOCK - (size % BLOCK)) % BLOCK;

/** Writes tar entries to `out`, honouring back-pressure. */
export class TarWriter {
  constructor(private out: Writable) {}

  private async write(chunk: Buffer) {
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }

  /** An entry whose bytes come from `chunks`, which must add up to exactly `size` bytes. */
  async add(name: string, size: number, chunks: AsyncIterable<Buffer> | Buffer[], mtime = new Date()) {
    await this.write(tarHeader(name, size, mtime));
    let written = 0;
    for await (const c of chunks) {
      written += c.length;
      if (written > size) throw new Error(`tar: ${name} grew while being archived`);
      await this.write(c);
    }
    if (written !== size) throw new Error(`tar: ${name} changed size while being archived`);
    const pad = padding(size);
    if (pad) await this.write(Buffer.alloc(pad));
  }

  /** The two zero blocks that end an archive; then ends the stream. */
  async finish() {
    await this.write(Buffer.alloc(BLOCK * 2));
    this.out.end();
    await once(this.out, 'finish');
  }
}

/** Receives one entry's bytes. */
export interface EntrySink {
  data(chunk: Buffer): void | Promise<void>;
  end(): void | Promise<void>;
}

function field(h: Buffer, start: number, len: number): string {
  const raw = h.subarray(start, start + len);
  const nul = raw.indexOf(0);
  return raw.subarray(0, nul < 0 ? len : nul).toString('utf8');
}

/**
 * Reads a tar stream, calling `onEntry(name, size)` for each regular file and feeding the sink it
 * returns. Throws on a damaged header (bad checksum) or a truncated archive.
 */
export async function readTar(
  input: AsyncIterable<Buffer>,
  onEntry: (name: string, size: number) => EntrySink | Promise<EntrySink>,
) {
  let buf: Buffer = Buffer.alloc(0);
  let sink: EntrySink | null = null;
  let remaining = 0;
  let skip = 0;
  let ended = false;
  for await (const chunk of input) {
    buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
    while (!ended) {
      if (remaining > 0) {
        if (!buf.length) break;
        const part = buf.subarray(0, Math.min(remaining, buf.length));
        buf = buf.subarray(part.length);
        remaining -= part.length;
        if (sink) await sink.data(part);
        if (remaining === 0 && sink) {
          await sink.end();
          sink = null;
        }
        continue;
      }
      if (skip > 0) {
        const n = Math.min(skip, buf.length);
        buf = buf.subarray(n);
        skip -= n;
        if (skip > 0) break;
        continue;
      }
      if (buf.length < BLOCK) break;
      const h = buf.subarray(0, BLOCK);
      buf = buf.subarray(BLOCK);
      if (h.every((b) => b === 0)) {
        ended = true;
        break;
      }
      let sum = 0;
      for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i];
      if (sum !== parseInt(field(h, 148, 8).trim(), 8)) throw new Error('tar: damaged header');
      const size = parseInt(field(h, 124, 12).trim() || '0', 8);
      const prefix = field(h, 345, 155);
      const name = prefix ? `${prefix}/${field(h, 0, 100)}` : field(h, 0, 100);
      const type = String.fromCharCode(h[156] || 48);
      skip = padding(size);
      if (type === '0') {
        sink = await onEntry(name, size);
        remaining = size;
        if (size === 0) {
          await sink.end();
          sink = null;
        }
      } else {
        skip += size;
      }
    }
  }
  if (!ended || remaining > 0) throw new Error('tar: the archive is truncated');
}
