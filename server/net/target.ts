import dns from 'node:dns';
import { classifyIp, describeKind, formatIp, type Ip, isMetadataHost, parseIp } from './address.js';
import { type AllowList, normalHost, parseAllowList } from './allow-list.js';
import { OutboundError } from './outbound-error.js';

/** Answers a host name with its addresses, like `dns.lookup(name, { all: true })`. */
export type Resolver = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

const systemResolver: Resolver = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

/** Ports outbound calls may use: 80, 443 and the unprivileged ones; never 22, 25, 110 … */
export const allowedPort = (port: number) => port === 80 || port === 443 || (port >= 1024 && port <= 65535);

/**
 * The URL parsed, with its scheme and port checked. The WHATWG parser also reads `http://2130706433/`,
 * `http://0x7f.1/` and `http://0177.0.0.1/` as 127.0.0.1, so those spellings are checked as that address.
 */
export function checkUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new OutboundError(`"${text.slice(0, 200)}" is not a valid URL`, true);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new OutboundError(`"${url.protocol}" URLs are not called; only http and https`, true);
  }
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  if (!allowedPort(port))
    throw new OutboundError(`port ${port} is not allowed; only 80, 443 and 1024–65535 are`, true);
  return url;
}

/**
 * The address to connect to: the URL's host resolved once, every address it has allowed (public, or
 * allow-listed by host name or network; cloud metadata never), and the first one returned for pinning.
 */
export async function checkedAddress(
  url: URL,
  allow: readonly string[] | AllowList,
  resolve?: Resolver,
): Promise<Ip> {
  const allowed = Array.isArray(allow) ? parseAllowList(allow) : (allow as AllowList);
  const name = normalHost(url.hostname.replace(/^\[(.*)\]$/, '$1'));
  if (isMetadataHost(name))
    throw new OutboundError(`${name} is a cloud metadata service and is never called`, true);
  const literal = parseIp(name);
  const ips = literal ? [literal] : await resolveName(url.hostname, name, resolve ?? systemResolver);
  const hostAllowed = allowed.host(name);
  for (const ip of ips) {
    const kind = classifyIp(ip);
    if (kind === 'public' || (kind !== 'metadata' && (hostAllowed || allowed.address(ip)))) continue;
    const shown = formatIp(ip);
    const what = literal
      ? `${shown} is ${describeKind(kind)}`
      : `${name} resolves to ${shown}, ${describeKind(kind)}`;
    const hint =
      kind === 'metadata' ? ' and is never called' : '; an admin can allow it with TESSERA_WEBHOOK_ALLOW';
    throw new OutboundError(what + hint, true);
  }
  return ips[0];
}

async function resolveName(hostname: string, name: string, resolve: Resolver): Promise<Ip[]> {
  let answers: Array<{ address: string }>;
  try {
    answers = await resolve(hostname);
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new OutboundError(`cannot resolve ${name}: ${why}`, false);
  }
  const ips = answers.map((a) => parseIp(a.address)).filter((ip): ip is Ip => ip !== null);
  if (!ips.length) throw new OutboundError(`cannot resolve ${name}: no address`, false);
  return ips;
}
