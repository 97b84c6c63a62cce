import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { formatIp } from './address.js';
import type { AllowList } from './allow-list.js';
import { OutboundError } from './outbound-error.js';
import { checkedAddress, checkUrl, type Resolver } from './target.js';

export type { Resolver } from './target.js';

export interface OutboundRequest {
  url: string;
  method: string;
  headers?: Record<string, string>;
  body?: string;
  /** The whole call: name lookup, connect, headers and body. */
  timeoutMs: number;
}

export interface OutboundPolicy {
  /** `TESSERA_WEBHOOK_ALLOW` entries: hosts and networks that may be reached although inside. */
  allow: readonly string[] | AllowList;
  /** How host names are resolved (the system's by default); the answer checked is the one used. */
  resolve?: Resolver;
  /** Bytes of the response body kept; reading stops there and the connection is closed. */
  maxBytes?: number;
}

export interface OutboundResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** At most `maxBytes` of the body. */
  body: Buffer;
  /** The body went on past `maxBytes` and was cut. */
  truncated: boolean;
  /** The address called, as checked. */
  address: string;
}

export const defaultMaxBytes = 64 * 1024;

// The request carries these from the URL and the body; a caller's own would contradict them.
const managedHeaders = new Set(['host', 'content-length', 'transfer-encoding', 'connection']);

/**
 * The one way Tessera calls out: only http(s) to allowed ports, never to an address inside (loopback,
 * private, link-local, metadata …) unless allow-listed, after name resolution and with the checked
 * address pinned for the connection (no DNS rebinding). Redirects are returned, never followed. The
 * answer is read up to `maxBytes`, all within `timeoutMs`.
 *
 * @example await outboundRequest({ url: 'https://hooks.example.com/x', method: 'POST', body: '{}',
 *   timeoutMs: 10_000 }, { allow: config.webhookAllow })
 */
export async function outboundRequest(
  req: OutboundRequest,
  policy: OutboundPolicy,
): Promise<OutboundResponse> {
  const deadline = Date.now() + req.timeoutMs;
  const timeout = () => new OutboundError(`no answer within ${req.timeoutMs} ms`, false);
  const url = checkUrl(req.url);
  const target = await withDeadline(checkedAddress(url, policy.allow, policy.resolve), deadline, timeout);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers ?? {})) {
    if (!managedHeaders.has(k.toLowerCase())) headers[k] = v;
  }
  if (req.body !== undefined) headers['content-length'] = String(Buffer.byteLength(req.body));
  const family = target.family;
  const address = formatIp(target);
  const lookup: LookupFunction = (_host, opts, done) =>
    (opts as { all?: boolean }).all ? done(null, [{ address, family }]) : done(null, address, family);
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<OutboundResponse>((resolve, reject) => {
    let request: http.ClientRequest;
    try {
      request = client.request(url, { method: req.method, headers, lookup, agent: false });
    } catch (e) {
      // Node checks the method and header values here: a template that rendered a line break.
      return reject(new OutboundError(`cannot send this request: ${(e as Error).message}`, true));
    }
    const fail = (e: Error) => {
      clearTimeout(timer);
      reject(e instanceof OutboundError ? e : new OutboundError(e.message, false));
    };
    const timer = setTimeout(
      () => {
        fail(timeout());
        request.destroy();
      },
      Math.max(0, deadline - Date.now()),
    );
    request.on('error', fail);
    request.on('response', (res) => {
      const max = policy.maxBytes ?? defaultMaxBytes;
      const chunks: Buffer[] = [];
      let size = 0;
      let finished = false;
      const done = (truncated: boolean) => {
        finished = true;
        clearTimeout(timer);
        const body = Buffer.concat(chunks).subarray(0, max);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, truncated, address });
      };
      res.on('data', (chunk: Buffer) => {
        if (finished) return;
        chunks.push(chunk);
        size += chunk.length;
        if (size <= max) return;
        done(true);
        request.destroy();
      });
      res.on('end', () => done(false));
      res.on('error', fail);
      res.on('close', () => {
        if (finished) return;
        fail(new OutboundError('the connection closed before the answer was complete', false));
      });
    });
    request.end(req.body);
  });
}

function withDeadline<T>(work: Promise<T>, deadline: number, timeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timeout()), Math.max(0, deadline - Date.now()));
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
