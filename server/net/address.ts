import net from 'node:net';

/** An IP address as bytes: 4 for IPv4, 16 for IPv6. */
export interface Ip {
  family: 4 | 6;
  bytes: Uint8Array;
}

/**
 * What an address is, for deciding whether a server may call it. Everything but `public` is inside
 * some network (this host, the LAN, the provider's) or not a unicast destination at all.
 */
export type AddressKind =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'unique-local'
  | 'cgnat'
  | 'unspecified'
  | 'multicast'
  | 'broadcast'
  | 'reserved'
  | 'metadata';

/** Reads `127.0.0.1`, `::1`, `[::ffff:127.0.0.1]` or `fe80::1%eth0`; anything else is null. */
export function parseIp(text: string): Ip | null {
  const s = text.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  if (net.isIPv4(s)) return { family: 4, bytes: Uint8Array.from(s.split('.').map(Number)) };
  if (!net.isIPv6(s)) return null;
  // A trailing dotted IPv4 part (`::ffff:1.2.3.4`) becomes the two groups it stands for.
  const group = (hi: string, lo: string) => ((+hi << 8) | +lo).toString(16);
  const hex = s.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_, a, b, c, d) => `${group(a, b)}:${group(c, d)}`);
  const [left, right] = hex.split('::');
  const groups = (part: string | undefined) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const head = groups(left);
  const tail = groups(right);
  const zeros = Array(8 - head.length - tail.length).fill(0);
  const all = right === undefined ? head : [...head, ...zeros, ...tail];
  const bytes = new Uint8Array(16);
  all.forEach((g, i) => {
    bytes[2 * i] = g >> 8;
    bytes[2 * i + 1] = g & 0xff;
  });
  return { family: 6, bytes };
}

/** The address as text: dotted IPv4, or IPv6 in its canonical compressed form. */
export function formatIp(ip: Ip): string {
  if (ip.family === 4) return ip.bytes.join('.');
  if (inCidr(ip, mappedNet)) return `::ffff:${ip.bytes.slice(12).join('.')}`;
  const groups = Array.from({ length: 8 }, (_, i) =>
    ((ip.bytes[2 * i] << 8) | ip.bytes[2 * i + 1]).toString(16),
  );
  return new URL(`http://[${groups.join(':')}]/`).hostname.slice(1, -1);
}

/** A network: an address and how many leading bits of it count. */
export interface Cidr {
  ip: Ip;
  prefix: number;
}

/** Reads `10.0.0.0/8` or `fc00::/7`; null when it is not one. */
export function parseCidr(text: string): Cidr | null {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(text);
  const ip = m && parseIp(m[1]);
  if (!m || !ip) return null;
  const prefix = Number(m[2]);
  return prefix <= ip.bytes.length * 8 ? { ip, prefix } : null;
}

/** Whether `ip` lies in `cidr` (of the same family). */
export function inCidr(ip: Ip, cidr: Cidr): boolean {
  if (ip.family !== cidr.ip.family) return false;
  for (let bit = 0; bit < cidr.prefix; bit += 8) {
    const mask = cidr.prefix - bit >= 8 ? 0xff : (0xff << (8 - (cidr.prefix - bit))) & 0xff;
    if ((ip.bytes[bit / 8] & mask) !== (cidr.ip.bytes[bit / 8] & mask)) return false;
  }
  return true;
}

/** Rows of a network (or a single address) and its kind. */
const table = (rows: Array<[string, AddressKind]>) =>
  rows.map(([text, kind]) => {
    const single = `${text}/${text.includes(':') ? 128 : 32}`;
    return { cidr: parseCidr(text.includes('/') ? text : single)!, kind };
  });

// Checked in order: the first match wins, so exact addresses come before the ranges holding them.
const v4 = table([
  // AWS, Azure, GCP, Oracle (169.254.169.254), ECS and EKS task credentials, Alibaba, Oracle legacy.
  ['169.254.169.254', 'metadata'],
  ['169.254.170.2', 'metadata'],
  ['169.254.170.23', 'metadata'],
  ['100.100.100.200', 'metadata'],
  ['192.0.0.192', 'metadata'],
  ['0.0.0.0/8', 'unspecified'],
  ['10.0.0.0/8', 'private'],
  ['100.64.0.0/10', 'cgnat'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'],
  ['172.16.0.0/12', 'private'],
  ['192.0.0.0/24', 'reserved'],
  ['192.0.2.0/24', 'reserved'],
  ['192.88.99.0/24', 'reserved'],
  ['192.168.0.0/16', 'private'],
  ['198.18.0.0/15', 'reserved'],
  ['198.51.100.0/24', 'reserved'],
  ['203.0.113.0/24', 'reserved'],
  ['224.0.0.0/4', 'multicast'],
  ['255.255.255.255', 'broadcast'],
  ['240.0.0.0/4', 'reserved'],
]);

const v6 = table([
  ['::', 'unspecified'],
  ['::1', 'loopback'],
  ['fd00:ec2::254', 'metadata'],
  ['fc00::/7', 'unique-local'],
  ['fe80::/10', 'link-local'],
  ['fec0::/10', 'private'],
  ['ff00::/8', 'multicast'],
  ['64:ff9b:1::/48', 'private'],
  ['100::/64', 'reserved'],
  ['2001::/23', 'reserved'],
  ['2001:db8::/32', 'reserved'],
  ['3fff::/20', 'reserved'],
  ['5f00::/16', 'reserved'],
]);

const mappedNet = parseCidr('::ffff:0:0/96')!;

/** IPv6 forms that carry an IPv4 address, and the byte it starts at: they reach what it reaches. */
const embedsV4 = [
  { cidr: mappedNet, at: 12 }, // IPv4-mapped
  { cidr: parseCidr('::ffff:0:0:0/96')!, at: 12 }, // IPv4-translated (SIIT)
  { cidr: parseCidr('64:ff9b::/96')!, at: 12 }, // NAT64, well-known prefix
  { cidr: parseCidr('2002::/16')!, at: 2 }, // 6to4
  { cidr: parseCidr('::/96')!, at: 12 }, // IPv4-compatible (deprecated)
];
const globalUnicast = parseCidr('2000::/3')!;

/** `::ffff:10.0.0.5` as the IPv4 address it is; any other address unchanged. */
export function unmapped(ip: Ip): Ip {
  return inCidr(ip, mappedNet) ? { family: 4, bytes: ip.bytes.slice(12) } : ip;
}

/** The IPv4 address an IPv6 one stands for (mapped, NAT64, 6to4, compatible), if any. */
export function embeddedV4(ip: Ip): Ip | null {
  if (ip.family !== 6) return null;
  const e = embedsV4.find((x) => inCidr(ip, x.cidr));
  return e ? { family: 4, bytes: ip.bytes.slice(e.at, e.at + 4) } : null;
}

/**
 * Classifies an address by where it leads: `::ffff:127.0.0.1`, `64:ff9b::a00:5` (NAT64) and
 * `2002:7f00:1::` (6to4) count as the IPv4 address inside them; IPv6 outside 2000::/3 is reserved.
 *
 * @example classifyIp(parseIp('10.0.0.5')!) // 'private'
 */
export function classifyIp(ip: Ip): AddressKind {
  if (ip.family === 4) return v4.find((r) => inCidr(ip, r.cidr))?.kind ?? 'public';
  const exact = v6.slice(0, 2).find((r) => inCidr(ip, r.cidr));
  if (exact) return exact.kind;
  const inner = embeddedV4(ip);
  if (inner) return classifyIp(inner);
  const kind = v6.find((r) => inCidr(ip, r.cidr))?.kind;
  return kind ?? (inCidr(ip, globalUnicast) ? 'public' : 'reserved');
}

/** Host names that lead to a cloud provider's metadata service. */
const metadataHosts = new Set(['metadata.google.internal', 'metadata.goog', 'metadata', 'instance-data']);

/** Whether a host name (lowercase, without trailing dot) is a metadata service's. */
export const isMetadataHost = (name: string) => metadataHosts.has(name);

const phrases: Record<Exclude<AddressKind, 'public'>, string> = {
  loopback: 'a loopback address',
  private: 'a private address',
  'link-local': 'a link-local address',
  'unique-local': 'a unique-local address',
  cgnat: 'a shared (carrier-grade NAT) address',
  unspecified: 'an unspecified address',
  multicast: 'a multicast address',
  broadcast: 'the broadcast address',
  reserved: 'a reserved address',
  metadata: 'a cloud metadata address',
};

/** "a private address", for messages. */
export const describeKind = (kind: Exclude<AddressKind, 'public'>) => phrases[kind];
