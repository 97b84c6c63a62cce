import fs from 'node:fs';
import { once } from 'node:events';
import { AppError, badRequest } from '../errors.js';

export interface Upload {
  /** Text parts by name (at most 1 MB each). */
  fields: Record<string, string>;
  /** The file part, written to `path`, with the type its sender declared (if any). */
  file?: { name: string; size: number; path: string; type?: string };
}

const maxFieldBytes = 1024 * 1024;

/**
 * Room an upload's body may take beyond its file's size limit: boundaries, part headers and the
 * small text parts beside the file (an import's mapping and options).
 */
export const multipartFraming = 4 * maxFieldBytes;

/** An attachment upload (POST /api/files): up to TESSERA_MAX_UPLOAD_MB, not the JSON body limit. */
export const isAttachmentUpload = (method: string, p: string) => method === 'POST' && p === '/api/files';

const tooLarge = (maxBytes: number) =>
  new AppError(
    'payload_too_large',
    `Uploads may be at most ${maxBytes >= 1048576 ? `${Math.round(maxBytes / 1048576)} MB` : `${Math.round(maxBytes / 1024)} KB`}`,
  );

function partHeaders(text: string): { name?: string; filename?: string; type?: string } {
  const disposition = /^content-disposition:(.*)$/im.exec(text)?.[1] ?? '';
  const type = /^content-type:\s*([^\r\n;]+)/im.exec(text)?.[1]?.trim();
  const param = (key: string) => {
    const star = new RegExp(`${key}\\*=(?:UTF-8'')?([^;]+)`, 'i').exec(disposition);
    if (star) return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
    const plain = new RegExp(`${key}="((?:[^"\\\\]|\\\\.)*)"|${key}=([^;\\s]+)`, 'i').exec(disposition);
    return plain ? (plain[1] ?? plain[2]).replace(/\\(.)/g, '$1') : undefined;
  };
  return { name: param('name'), filename: param('filename'), ...(type ? { type } : {}) };
}

/**
 * Stops writing a file part, and waits until the stream has let the file go: a stream destroyed
 * before its file was opened still opens (creates) it, which would outlive the caller's clean-up.
 */
async function discard(out: fs.WriteStream | undefined): Promise<void> {
  if (!out || out.closed) return;
  const closed = once(out, 'close').catch(() => {});
  out.destroy();
  await closed;
}

/**
 * Reads a multipart/form-data body as a stream: the part named `fileField` goes straight to
 * `filePath` (never held in memory), other parts become text fields. 413 when the file is larger
 * than `maxBytes` or the whole body larger than `maxBytes` + multipartFraming.
 */
export async function receiveUpload(
  body: ReadableStream<Uint8Array> | null,
  contentType: string,
  fileField: string,
  filePath: string,
  maxBytes: number,
): Promise<Upload> {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  if (!/^multipart\/form-data/i.test(contentType) || !boundary || !body)
    throw badRequest(`Expected a multipart/form-data body with a "${fileField}" part`);
  const delimiter = Buffer.from(`\r\n--${boundary[1] ?? boundary[2]}`);
  const upload: Upload = { fields: {} };
  let out: fs.WriteStream | undefined;
  let text: Buffer[] | undefined;
  let current: { name?: string; filename?: string; type?: string } = {};
  let state: 'preamble' | 'headers' | 'body' | 'done' = 'preamble';
  // A leading CRLF lets the first boundary match the same delimiter as the others.
  let buf = Buffer.from('\r\n');
  let total = 0;

  const emit = async (data: Buffer) => {
    if (!data.length) return;
    if (out) {
      upload.file!.size += data.length;
      if (upload.file!.size > maxBytes) throw tooLarge(maxBytes);
      if (!out.write(data)) await once(out, 'drain');
    } else if (text) {
      text.push(data);
      if (text.reduce((n, b) => n + b.length, 0) > maxFieldBytes)
        throw new AppError('payload_too_large', `The form field "${current.name}" is too large`);
    }
  };
  const endPart = async () => {
    if (out) {
      out.end();
      await once(out, 'close');
      out = undefined;
    } else if (text && current.name) upload.fields[current.name] = Buffer.concat(text).toString('utf8');
    text = undefined;
  };

  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > maxBytes + multipartFraming) throw tooLarge(maxBytes);
      buf = Buffer.concat([buf, value]);
      for (;;) {
        if (state === 'preamble' || state === 'body') {
          const at = buf.indexOf(delimiter);
          if (at < 0) {
            const keep = Math.max(0, buf.length - delimiter.length);
            if (state === 'body') await emit(buf.subarray(0, keep));
            buf = buf.subarray(keep);
            break;
          }
          if (buf.length < at + delimiter.length + 2) break;
          if (state === 'body') {
            await emit(buf.subarray(0, at));
            await endPart();
          }
          const tail = buf.subarray(at + delimiter.length, at + delimiter.length + 2).toString();
          buf = buf.subarray(at + delimiter.length + 2);
          state = tail === '--' ? 'done' : 'headers';
          if (state === 'done') break;
        } else if (state === 'headers') {
          const end = buf.indexOf('\r\n\r\n');
          if (end < 0) {
            if (buf.length > 16384) throw badRequest('A multipart part has oversized headers');
            break;
          }
          current = partHeaders(buf.subarray(0, end).toString('utf8'));
          buf = buf.subarray(end + 4);
          if (current.name === fileField && current.filename !== undefined && !upload.file) {
            upload.file = {
              name: current.filename.replaceAll('\u0000', '').slice(0, 255) || 'upload',
              size: 0,
              path: filePath,
              ...(current.type ? { type: current.type } : {}),
            };
            out = fs.createWriteStream(filePath);
          } else text = [];
          state = 'body';
        } else break;
      }
      if (state === 'done') break;
    }
  } catch (e) {
    await discard(out);
    await reader.cancel().catch(() => {});
    throw e;
  }
  if (state !== 'done') {
    await discard(out);
    throw badRequest('The multipart body ended early');
  }
  return upload;
}
