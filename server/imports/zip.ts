import fs from 'node:fs';
import zlib from 'node:zlib';
import { importLimits, UnreadableFile } from './limits.js';

/** One file of a zip archive, as its central directory describes it. */
export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  /** Where its local header starts. */
  offset: number;
}

const { maxEntries, maxUncompressedBytes, maxRatio } = importLimits.xlsx;
const notXlsx = (why: string) => new UnreadableFile(`The file is not a readable XLSX workbook: ${why}`, why);
const bomb = (name: string) =>
  new UnreadableFile(
    `The file's part "${name}" decompresses to more than ${maxRatio} times its size (a zip bomb?)`,
    `"${name}" decompresses beyond the ${maxRatio}:1 limit`,
  );
const tooBig = () =>
  new UnreadableFile(
    `The workbook decompresses to more than ${maxUncompressedBytes / 1024 ** 3} GB (the import limit)`,
  );

async function readAt(fd: fs.promises.FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fd.read(buf, 0, length, position);
  return buf.subarray(0, bytesRead);
}

/**
 * The entries of a zip file, from its central directory at the end of the file (nothing is
 * decompressed). Refuses more than importLimits.xlsx.maxEntries entries, ZIP64, encryption, and
 * entries whose declared sizes already break the limits on size and compression ratio.
 */
export async function zipEntries(file: string): Promise<Map<string, ZipEntry>> {
  const fd = await fs.promises.open(file, 'r');
  try {
    const { size } = await fd.stat();
    const tailLength = Math.min(size, 22 + 65535);
    const tail = await readAt(fd, size - tailLength, tailLength);
    let end = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === 0x06054b50) {
        end = i;
        break;
      }
    }
    if (end < 0) throw notXlsx('it is not a zip archive');
    const count = tail.readUInt16LE(end + 10);
    const dirSize = tail.readUInt32LE(end + 12);
    const dirOffset = tail.readUInt32LE(end + 16);
    if (count === 0xffff || dirOffset === 0xffffffff) throw notXlsx('ZIP64 archives are not supported');
    if (count > maxEntries)
      throw new UnreadableFile(`The workbook has more than ${maxEntries} files inside (the import limit)`);
    if (dirOffset + dirSize > size) throw notXlsx('its zip directory is damaged');
    const dir = await readAt(fd, dirOffset, dirSize);
    const entries = new Map<string, ZipEntry>();
    let total = 0;
    for (let p = 0, i = 0; i < count; i++) {
      if (p + 46 > dir.length || dir.readUInt32LE(p) !== 0x02014b50)
        throw notXlsx('its zip directory is damaged');
      const flags = dir.readUInt16LE(p + 8);
      const nameLength = dir.readUInt16LE(p + 28);
      const entry: ZipEntry = {
        method: dir.readUInt16LE(p + 10),
        compressedSize: dir.readUInt32LE(p + 20),
        size: dir.readUInt32LE(p + 24),
        name: dir.toString('utf8', p + 46, p + 46 + nameLength),
        offset: dir.readUInt32LE(p + 42),
      };
      p += 46 + nameLength + dir.readUInt16LE(p + 30) + dir.readUInt16LE(p + 32);
      if (flags & 1) throw notXlsx('it is encrypted');
      if (entry.method !== 0 && entry.method !== 8)
        throw notXlsx(`"${entry.name}" uses an unknown compression`);
      if (entry.size > 1024 * 1024 && entry.size > maxRatio * Math.max(1, entry.compressedSize))
        throw bomb(entry.name);
      total += entry.size;
      if (total > maxUncompressedBytes) throw tooBig();
      entries.set(entry.name, entry);
    }
    return entries;
  } finally {
    await fd.close();
  }
}

/** What decompressing a workbook's parts has used of importLimits.xlsx.maxUncompressedBytes. */
export interface InflateBudget {
  used: number;
}

/**
 * The decompressed bytes of an entry, streamed. Stops with an UnreadableFile as soon as the entry
 * decompresses to more than it declared, more than `maxBytes`, more than maxRatio times the
 * compressed bytes read (past its first MB), or the budget for the whole workbook runs out: the
 * sizes in a zip are claims, the bytes are counted.
 */
export async function* entryBytes(
  file: string,
  entry: ZipEntry,
  maxBytes: number,
  budget: InflateBudget,
  tooLarge: () => Error,
): AsyncGenerator<Buffer> {
  const fd = await fs.promises.open(file, 'r');
  let header: Buffer;
  try {
    header = await readAt(fd, entry.offset, 30);
  } finally {
    await fd.close();
  }
  if (header.length < 30 || header.readUInt32LE(0) !== 0x04034b50)
    throw notXlsx(`"${entry.name}" is damaged`);
  const start = entry.offset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  if (entry.compressedSize === 0) return;
  const raw = fs.createReadStream(file, {
    start,
    end: start + entry.compressedSize - 1,
    highWaterMark: 64 * 1024,
  });
  const inflate = entry.method === 8 ? zlib.createInflateRaw() : undefined;
  let read = 0;
  raw.on('data', (d) => (read += d.length));
  const out = inflate ? raw.pipe(inflate) : raw;
  raw.on('error', (e) => inflate?.destroy(e));
  let produced = 0;
  try {
    for await (const chunk of out as AsyncIterable<Buffer>) {
      produced += chunk.length;
      budget.used += chunk.length;
      if (produced > entry.size) throw notXlsx(`"${entry.name}" holds more than its declared size`);
      if (produced > maxBytes) throw tooLarge();
      if (produced > 1024 * 1024 && produced > maxRatio * read) throw bomb(entry.name);
      if (budget.used > maxUncompressedBytes) throw tooBig();
      yield chunk;
    }
  } catch (e) {
    if (e instanceof UnreadableFile) throw e;
    throw notXlsx(`"${entry.name}" cannot be decompressed`);
  } finally {
    raw.destroy();
    inflate?.destroy();
  }
}
