import { BlockList, isIP } from 'node:net';

/**
 * Which proxies may tell us the client's address (`TESSERA_TRUST_PROXY`):
 * - unset (or `false`, `0`): none. The client is the socket's peer; `X-Forwarded-For` is ignored.
 * - a number `n`: exactly `n` proxies stand in front of the server, each appending the address it
 *   got the request from to `X-Forwarded-For`. The client is the `n`-th address from the right of
 *   `X-Forwarded-For, <socket peer>` (`1`: the last entry the one proxy added).
 * - a comma-separated list of addresses and CIDR ranges (`10.0.0.0/8, ::1`): the chain is walked
 *   from the socket peer leftwards while the address is one of these; the first other one is the
 *   client. A request whose peer is not listed has its `X-Forwarded-For` ignored.
 * Other headers (`X-Real-IP`, `Forwarded`) are never read.
 */
export type TrustProxy =
  { kind: 'none' } | { kind: 'hops'; hops: number } | { kind: 'list'; list: BlockList; text: string };

/** Parses `TESSERA_TRUST_PROXY`; throws (stopping the start) on a value it cannot read. */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const text = (value ?? '').trim();
  if (!text || text === 'false' || text === '0') return { kind: 'none' };
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops > 16) throw new Error(`TESSERA_TRUST_PROXY: ${hops} proxy hops is not plausible (at most 16)`);
    return { kind: 'hops', hops };
  }
  const list = new BlockList();
  for (const item of text
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)) {
    const [addr, bits, extra] = item.split('/');
    const family = isIP(addr);
    const max = family === 4 ? 32 : 128;
    if (
      !family ||
      extra !== undefined ||
      (bits !== undefined && !(/^\d+$/.test(bits) && Number(bits) <= max))
    )
      throw new Error(
        `TESSERA_TRUST_PROXY: "${item}" is neither a number of proxies nor an address or CIDR range`,
      );
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (bits === undefined) list.addAddress(addr, type);
    else list.addSubnet(addr, Number(bits), type);
  }
  return { kind: 'list', list, text };
}

/** `1.2.3.4`, `::ffff:1.2.3.4` (IPv4 on a dual-stack socket), `1.2.3.4:567`, `[::1]:80` → the bare address. */
export function normalizeAddress(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let a = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(a);
  if (bracketed) a = bracketed[1];
  else if (/^[\d.]+:\d+$/.test(a)) a = a.slice(0, a.lastIndexOf(':'));
  if (/^::ffff:[\d.]+$/i.test(a)) a = a.slice(7);
  return isIP(a) ? a.toLowerCase() : null;
}

const trusted = (list: BlockList, addr: string | null) =>
  !!addr && list.check(addr, isIP(addr) === 4 ? 'ipv4' : 'ipv6');

/**
 * The client's address from the socket peer and the `X-Forwarded-For` header, trusting only the
 * configured proxies. `null` when unknown (no socket, as under `app.request` in tests).
 */
export function resolveClientAddress(
  trust: TrustProxy,
  socketPeer: string | null | undefined,
  forwardedFor: string | undefined,
): string | null {
  const peer = normalizeAddress(socketPeer);
  if (trust.kind === 'none' || !forwardedFor) return peer;
  const hops = forwardedFor
    .split(',')
    .slice(-64)
    .map((x) => normalizeAddress(x));
  const chain = [...hops, peer];
  let at = chain.length - 1;
  if (trust.kind === 'hops') at = Math.max(0, at - trust.hops);
  else while (at > 0 && trusted(trust.list, chain[at])) at--;
  // An entry that is not an address (garbage a client sent) is no answer: take the hop that added it.
  while (at < chain.length - 1 && !chain[at]) at++;
  return chain[at];
}
