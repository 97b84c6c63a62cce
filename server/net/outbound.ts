import dns from 'node:dns';
import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { classifyIp, describeKind, formatIp, type Ip, isMetadataHost, parseIp } from './address.js';
import { type AllowList, normalHost, parseAllowList } from './allow-list.js';
import { OutboundError } from './outbound-error.js';

/** Answers a host name with its addresses, like `dns.lookup(name, { all: true })`. */
export type Resolver = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

const systemResolver: Resolver = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

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

/** Ports outbound calls may use: the web's own and the unprivileged ones, never 22, 25, 6379 … below 1024. */
export const allowedPort = (port: number) => port === 80 || port === 443 || (port >= 1024 && port <= 65535);

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
export async function outboundRequest(req: OutboundRequest, policy: OutboundPolicy): Promise<OutboundResponse> {
  const deadline = Date.now() + req.timeoutMs;
  const timeout = () => new OutboundError(`no answer within ${req.timeoutMs} ms`, false);
  const url = checkUrl(req.url);
  const target = await withDeadline(resolveChecked(url, policy), deadline, timeout);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers ?? {})) if (!managedHeaders.has(k.toLowerCase())) headers[k] = v;
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
      return reject(new OutboundError(`cannot send this request: ${(e as Error).message}`, true));
    }
    const fail = (e: Error) => {
      clearTimeout(timer);
      reject(e instanceof OutboundError ? e : new OutboundError(e.message, false));
    };
    const timer = setTimeout(() => {
      fail(timeout());
      request.destroy();
    }, Math.max(0, deadline - Date.now()));
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
        if (!finished) fail(new OutboundError('the connection closed before the answer was complete', false));
      });
    });
    request.end(req.body);
  });
}

/** The URL parsed (which also reads `http://2130706433/` and `http://0x7f.1/` as 127.0.0.1), scheme and port checked. */
function checkUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new OutboundError(`"${text.slice(0, 200)}" is not a valid URL`, true);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new OutboundError(`"${url.protocol}" URLs are not called; only http and https`, true);
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  if (!allowedPort(port)) throw new OutboundError(`port ${port} is not allowed; only 80, 443 and 1024–65535 are`, true);
  return url;
}

/** The address to connect to: every address the host has must be allowed, and the first one is used. */
async function resolveChecked(url: URL, policy: OutboundPolicy): Promise<Ip> {
  const allow = 'host' in policy.allow ? (policy.allow as AllowList) : parseAllowList(policy.allow as readonly string[]);
  const name = normalHost(url.hostname.replace(/^\[(.*)\]$/, '$1'));
  if (isMetadataHost(name)) throw new OutboundError(`${name} is a cloud metadata service and is never called`, true);
  const literal = parseIp(name);
  let ips: Ip[];
  if (literal) ips = [literal];
  else {
    let answers: Array<{ address: string }>;
    try {
      answers = await (policy.resolve ?? systemResolver)(url.hostname);
    } catch (e) {
      throw new OutboundError(`cannot resolve ${name}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, false);
    }
    ips = answers.map((a) => parseIp(a.address)).filter((ip): ip is Ip => ip !== null);
    if (!ips.length) throw new OutboundError(`cannot resolve ${name}: no address`, false);
  }
  const hostAllowed = allow.host(name);
  for (const ip of ips) {
    const kind = classifyIp(ip);
    if (kind === 'public' || (kind !== 'metadata' && (hostAllowed || allow.address(ip)))) continue;
    const shown = formatIp(ip);
    const what = literal ? `${shown} is ${describeKind(kind)}` : `${name} resolves to ${shown}, ${describeKind(kind)}`;
    const hint = kind === 'metadata' ? ' and is never called' : '; an admin can allow it with TESSERA_WEBHOOK_ALLOW';
    throw new OutboundError(what + hint, true);
  }
  return ips[0];
}

function withDeadline<T>(work: Promise<T>, deadline: number, timeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(timeout()), Math.max(0, deadline - Date.now()))));
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
