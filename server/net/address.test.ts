import { describe, expect, it } from 'vitest';
import { classifyIp, formatIp, parseIp } from './address.js';
import { loadConfig } from '../config.js';
import { parseAllowList } from './allow-list.js';
import { responseExcerpt } from './excerpt.js';
import { OutboundError } from './outbound-error.js';

const kind = (text: string) => classifyIp(parseIp(text)!);

describe('the address classifier', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['10.0.0.5', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.1.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['febf::1', 'link-local'],
    ['fc00::1', 'unique-local'],
    ['fdff:ffff::1', 'unique-local'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.254', 'cgnat'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.10', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['2001:db8::1', 'reserved'],
    ['2001::1', 'reserved'],
    ['100::1', 'reserved'],
    ['4000::1', 'reserved'],
    ['169.254.169.254', 'metadata'],
    ['169.254.170.2', 'metadata'],
    ['fd00:ec2::254', 'metadata'],
    ['100.100.100.200', 'metadata'],
  ])('refuses %s as %s', (ip, expected) => {
    expect(kind(ip)).toBe(expected);
  });

  it.each([
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['[::ffff:10.1.2.3]', 'private'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['::127.0.0.1', 'loopback'],
    ['::ffff:0:a00:5', 'private'],
    ['64:ff9b::127.0.0.1', 'loopback'],
    ['64:ff9b::a00:5', 'private'],
    ['64:ff9b::a9fe:a9fe', 'metadata'],
    ['64:ff9b:1::1', 'private'],
    ['2002:7f00:1::', 'loopback'],
    ['2002:c0a8:101::1', 'private'],
    ['fe80::1%eth0', 'link-local'],
  ])('sees through the IPv6 form %s to a %s address', (ip, expected) => {
    expect(kind(ip)).toBe(expected);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '172.32.0.1',
    '100.128.0.1',
    '169.255.0.1',
    '2606:4700:4700::1111',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
  ])('lets the public address %s through', (ip) => {
    expect(kind(ip)).toBe('public');
  });

  it('reads only real addresses and writes them canonically', () => {
    expect(parseIp('localhost')).toBeNull();
    expect(parseIp('2130706433')).toBeNull();
    expect(parseIp('1.2.3')).toBeNull();
    expect(formatIp(parseIp('0:0:0:0:0:ffff:7f00:1')!)).toBe('::ffff:127.0.0.1');
    expect(formatIp(parseIp('64:ff9b::10.0.0.5')!)).toBe('64:ff9b::a00:5');
    expect(formatIp(parseIp('FD00:EC2:0::254')!)).toBe('fd00:ec2::254');
    expect(formatIp(parseIp('10.0.0.5')!)).toBe('10.0.0.5');
  });
});

describe('the outbound allow-list', () => {
  const allow = parseAllowList([
    '127.0.0.1',
    ' crm.internal.example. ',
    '10.0.0.0/8',
    '*.corp.example',
    'FD00::/8',
  ]);

  it('lets listed hosts, IPs and networks through and nothing beside them', () => {
    expect(allow.host('crm.internal.example')).toBe(true);
    expect(allow.host('other.internal.example')).toBe(false);
    expect(allow.host('a.b.corp.example')).toBe(true);
    expect(allow.host('corp.example')).toBe(false);
    expect(allow.host('evilcorp.example')).toBe(false);
    expect(allow.address(parseIp('127.0.0.1')!)).toBe(true);
    expect(allow.address(parseIp('::ffff:127.0.0.1')!)).toBe(true);
    expect(allow.address(parseIp('127.0.0.2')!)).toBe(false);
    expect(allow.address(parseIp('10.200.3.4')!)).toBe(true);
    expect(allow.address(parseIp('11.0.0.1')!)).toBe(false);
    expect(allow.address(parseIp('fd12::1')!)).toBe(true);
    expect(allow.address(parseIp('fc00::1')!)).toBe(false);
  });

  it.each(['10.0.0.0/33', 'http://x', 'a b', '::1/200'])(
    'refuses the malformed entry %s for good instead of ignoring it',
    (entry) => {
      expect(() => parseAllowList([entry])).toThrow(OutboundError);
      expect(() => parseAllowList([entry])).toThrow(/TESSERA_WEBHOOK_ALLOW/);
      expect(() => loadConfig({ TESSERA_WEBHOOK_ALLOW: `127.0.0.1,${entry}` })).toThrow(
        /TESSERA_WEBHOOK_ALLOW/,
      );
    },
  );

  it('is read from TESSERA_WEBHOOK_ALLOW as comma-separated entries, and is empty by default', () => {
    expect(
      loadConfig({ TESSERA_WEBHOOK_ALLOW: ' 127.0.0.1, ,crm.internal.example,10.0.0.0/8 ' }).webhookAllow,
    ).toEqual(['127.0.0.1', 'crm.internal.example', '10.0.0.0/8']);
    expect(loadConfig({}).webhookAllow).toEqual([]);
  });
});

describe('the response excerpt for run logs', () => {
  it('keeps a small JSON answer whole and a large one to 1 KB', () => {
    expect(responseExcerpt(Buffer.from('{"id":"x","n":1}'), false)).toEqual({
      body: { id: 'x', n: 1 },
      truncated: false,
    });
    expect(responseExcerpt(Buffer.from('plain'), false)).toEqual({ body: 'plain', truncated: false });
    const big = JSON.stringify({
      id: 'rec_1',
      list: Array(500).fill('item'),
      note: 'x'.repeat(2000),
      ok: true,
    });
    expect(responseExcerpt(Buffer.from(big), false)).toEqual({
      body: { id: 'rec_1', ok: true },
      truncated: true,
    });
    const text = responseExcerpt(Buffer.from('中'.repeat(2000)), false);
    expect(Buffer.byteLength(text.body as string)).toBeLessThanOrEqual(1024);
    expect(text).toMatchObject({ body: expect.stringMatching(/^中+$/), truncated: true });
    expect(responseExcerpt(Buffer.from('{"id":1'), true)).toEqual({ body: '{"id":1', truncated: true });
  });
});
