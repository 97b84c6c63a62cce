import { type Cidr, inCidr, type Ip, parseCidr, parseIp, unmapped } from './address.js';
import { OutboundError } from './outbound-error.js';

/** Hosts and networks an admin lets outbound calls reach although they are inside (loopback, LAN …). */
export interface AllowList {
  /** Whether the URL's host name (lowercase, no trailing dot) is listed. */
  host(name: string): boolean;
  /** Whether a resolved address lies in a listed IP or network. */
  address(ip: Ip): boolean;
}

const hostName = /^(\*\.)?[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*$/;

/** A host name as compared: lowercase, without the trailing dot of a fully qualified name. */
export const normalHost = (name: string) => name.toLowerCase().replace(/\.+$/, '');

/**
 * Reads `TESSERA_WEBHOOK_ALLOW` entries: host names (`crm.internal.example`, or `*.internal.example`
 * for its subdomains), IPs (`127.0.0.1`, `::1`) and networks (`10.0.0.0/8`, `fd00::/8`).
 * A malformed entry is a permanent error naming it, so a typo is not silently ignored.
 */
export function parseAllowList(entries: readonly string[]): AllowList {
  const hosts = new Set<string>();
  const suffixes: string[] = [];
  const nets: Cidr[] = [];
  for (const raw of entries) {
    const entry = normalHost(raw.trim());
    if (!entry) continue;
    const ip = parseIp(entry);
    const cidr = ip ? { ip, prefix: ip.bytes.length * 8 } : parseCidr(entry);
    if (cidr) nets.push(cidr);
    else if (hostName.test(entry)) {
      if (entry.startsWith('*.')) suffixes.push(entry.slice(1));
      else hosts.add(entry);
    } else {
      const shown = raw.trim().slice(0, 100);
      throw new OutboundError(`TESSERA_WEBHOOK_ALLOW: "${shown}" is not a host name, IP or network`, true);
    }
  }
  return {
    host: (name) => hosts.has(name) || suffixes.some((s) => name.endsWith(s)),
    address: (ip) => nets.some((n) => inCidr(unmapped(ip), n) || inCidr(ip, n)),
  };
}

/**
 * `TESSERA_WEBHOOK_ALLOW` as its entries, checked, so a malformed one stops the server at start:
 * `"127.0.0.1, crm.internal.example,10.0.0.0/8"` → `['127.0.0.1', 'crm.internal.example', '10.0.0.0/8']`.
 */
export function allowListEntries(text: string | undefined): string[] {
  const entries = (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  parseAllowList(entries);
  return entries;
}
