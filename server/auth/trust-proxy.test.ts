import { describe, expect, it } from 'vitest';
import { parseTrustProxy, resolveClientAddress } from './trust-proxy.js';

describe('the client address behind TESSERA_TRUST_PROXY', () => {
  const cases: Array<
    [setting: string | undefined, peer: string | null, xff: string | undefined, client: string | null]
  > = [
    [undefined, '203.0.113.9', '1.2.3.4', '203.0.113.9'],
    ['false', '::ffff:203.0.113.9', '1.2.3.4', '203.0.113.9'],
    [undefined, null, '1.2.3.4', null],
    ['1', '10.0.0.2', '198.51.100.7', '198.51.100.7'],
    ['1', '10.0.0.2', '6.6.6.6, 198.51.100.7', '198.51.100.7'],
    ['2', '10.0.0.2', '6.6.6.6, 198.51.100.7, 10.0.0.1', '198.51.100.7'],
    ['2', '10.0.0.2', '198.51.100.7', '198.51.100.7'],
    ['1', '10.0.0.2', undefined, '10.0.0.2'],
    ['1', null, '198.51.100.7', '198.51.100.7'],
    ['1', '10.0.0.2', 'not-an-address', '10.0.0.2'],
    ['1', '10.0.0.2', '198.51.100.7:4431', '198.51.100.7'],
    ['10.0.0.0/8, ::1', '10.0.0.2', '6.6.6.6, 198.51.100.7, 10.9.9.9', '198.51.100.7'],
    ['10.0.0.0/8', '203.0.113.9', '198.51.100.7', '203.0.113.9'],
    ['10.0.0.0/8', null, '198.51.100.7', null],
    ['::1', '::1', '2001:db8::5', '2001:db8::5'],
    ['10.0.0.0/8', '10.0.0.2', '10.0.0.3', '10.0.0.3'],
  ];
  it.each(cases)('with %s, peer %s and X-Forwarded-For %s the client is %s', (setting, peer, xff, client) => {
    expect(resolveClientAddress(parseTrustProxy(setting), peer, xff)).toBe(client);
  });

  it('refuses a setting it cannot read, so a typo does not silently trust everyone or no one', () => {
    for (const bad of ['true', 'yes', '10.0.0.0/33', '10.0.0.1/8/2', '999', 'loopback'])
      expect(() => parseTrustProxy(bad), bad).toThrow(/TESSERA_TRUST_PROXY/);
  });
});
