import { describe, expect, it } from 'vitest';
import { forbiddenReason, formatIp, parseCidr, parseIp, parseIpv6 } from './address.js';
import { createGuardPolicy, vetAddress, vetUrl } from './policy.js';

const reasonOf = (text: string): string | null => forbiddenReason(parseIp(text)!);

describe('the public-address rule', () => {
  it.each([
    ['0.0.0.0', '0.0.0.0/8'],
    ['10.1.2.3', '10.0.0.0/8'],
    ['100.64.0.1', '100.64.0.0/10'],
    ['100.127.255.254', '100.64.0.0/10'],
    ['127.0.0.1', '127.0.0.0/8'],
    ['127.255.255.255', '127.0.0.0/8'],
    ['169.254.169.254', '169.254.0.0/16'],
    ['172.16.0.1', '172.16.0.0/12'],
    ['172.31.255.255', '172.16.0.0/12'],
    ['192.0.0.170', '192.0.0.0/24'],
    ['192.0.2.1', '192.0.2.0/24'],
    ['192.168.1.1', '192.168.0.0/16'],
    ['198.18.0.1', '198.18.0.0/15'],
    ['198.19.255.1', '198.18.0.0/15'],
    ['198.51.100.7', '198.51.100.0/24'],
    ['203.0.113.9', '203.0.113.0/24'],
    ['224.0.0.1', '224.0.0.0/4'],
    ['239.255.255.250', '224.0.0.0/4'],
    ['240.0.0.1', '240.0.0.0/4'],
    ['255.255.255.255', '240.0.0.0/4'],
    ['::', '::/128'],
    ['::1', '::1/128'],
    ['::ffff:127.0.0.1', '::ffff:0:0/96'],
    ['::ffff:8.8.8.8', '::ffff:0:0/96'],
    ['::127.0.0.1', '::/96'],
    ['64:ff9b::7f00:1', '127.0.0.0/8'],
    ['64:ff9b::a9fe:a9fe', '169.254.0.0/16'],
    ['64:ff9b:1::1', '64:ff9b:1::/48'],
    ['fc00::1', 'fc00::/7'],
    ['fd12:3456::1', 'fc00::/7'],
    ['fe80::1', 'fe80::/10'],
    ['fec0::1', 'fec0::/10'],
    ['ff02::1', 'ff00::/8'],
    ['2001:db8::1', '2001:db8::/32'],
    ['2001::1', '2001::/23'],
    ['2002:7f00:1::1', '127.0.0.0/8'],
    ['2002:c0a8:101::1', '192.168.0.0/16'],
    ['100::1', '100::/64'],
    ['4000::1', '2000::/3'],
  ])('refuses %s (%s)', (ip, range) => {
    const r = reasonOf(ip);
    expect(r).not.toBeNull();
    expect(r).toContain(range);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '93.184.215.14',
    '100.63.255.255',
    '100.128.0.1',
    '172.32.0.1',
    '198.20.0.1',
    '2606:4700:4700::1111',
    '2a00:1450::1',
    '64:ff9b::808:808',
    '2002:808:808::1',
  ])('allows the public address %s', (ip) => expect(reasonOf(ip)).toBeNull());

  it('parses IPv6 forms to the same bytes and rejects malformed ones', () => {
    expect(formatIp(parseIpv6('0:0:0:0:0:0:0:1')!)).toBe('::1');
    expect(formatIp(parseIpv6('[::ffff:7f00:1]')!)).toBe(formatIp(parseIpv6('::ffff:127.0.0.1')!));
    for (const bad of ['1::2::3', '12345::', '::g', 'fe80::1%eth0', '1:2:3:4:5:6:7:8:9', '', ':::']) expect(parseIpv6(bad)).toBeNull();
    expect(parseIp('127.000.0.1')).toBeNull();
    expect(parseIp('0x7f.0.0.1')).toBeNull();
    expect(parseCidr('10.0.0.0/33')).toBeNull();
  });
});

describe('URL vetting', () => {
  const policy = createGuardPolicy();
  it.each([
    ['http://2130706433/', '127.0.0.1'],
    ['http://0x7f.1/', '127.0.0.1'],
    ['http://017700000001/', '127.0.0.1'],
    ['http://0177.0.0.1/', '127.0.0.1'],
    ['http://127.1/', '127.0.0.1'],
    ['http://0/', '0.0.0.0'],
    ['http://[::ffff:127.0.0.1]/', '::ffff:7f00:1'],
    ['http://[0:0:0:0:0:ffff:a9fe:a9fe]/', '::ffff:a9fe:a9fe'],
    ['http://0xa9.0xfe.0xa9.0xfe/latest/meta-data/', '169.254.169.254'],
  ])('normalises the numeric host of %s and refuses it', (url, canonical) => {
    const v = vetUrl(url, policy);
    if ('code' in v) throw new Error(v.reason);
    expect(formatIp(v.literal!)).toBe(canonical);
    expect(vetAddress(v.literal!, v.port, policy, false)).not.toBeNull();
  });

  it.each([
    ['file:///etc/passwd', 'SIGMA_E_PROBE_URL_INVALID'],
    ['gopher://example.com/', 'SIGMA_E_PROBE_URL_INVALID'],
    ['ftp://example.com/', 'SIGMA_E_PROBE_URL_INVALID'],
    ['http://user:pass@example.com/', 'SIGMA_E_PROBE_URL_INVALID'],
    ['http://user@example.com/', 'SIGMA_E_PROBE_URL_INVALID'],
    ['not a url', 'SIGMA_E_PROBE_URL_INVALID'],
    ['http://example.com:25/', 'SIGMA_E_PROBE_PORT_FORBIDDEN'],
    ['http://example.com:22/', 'SIGMA_E_PROBE_PORT_FORBIDDEN'],
  ])('refuses %s with %s', (url, code) => {
    const v = vetUrl(url, policy);
    expect('code' in v && v.code).toBe(code);
  });

  it('allows 80, 443 and unprivileged ports by default, and only the configured ports when set', () => {
    for (const u of ['http://example.com/', 'https://example.com/', 'http://example.com:8080/']) expect('code' in vetUrl(u, policy)).toBe(false);
    const strict = createGuardPolicy({ allowedPorts: [443] });
    expect('code' in vetUrl('https://example.com/', strict)).toBe(false);
    expect('code' in vetUrl('http://example.com:8080/', strict)).toBe(true);
  });

  it('reads allow-list entries: CIDRs, single IPs, host:port; refuses unreadable ones', () => {
    const p = createGuardPolicy({ allowList: ['10.0.0.0/8', '::1', '127.0.0.1:8080', '[::1]:9000', 'db.internal:5432'] });
    expect(vetAddress(parseIp('10.9.9.9')!, 80, p, false)).toBeNull();
    expect(vetAddress(parseIp('::ffff:10.9.9.9')!, 80, p, false)).toBeNull();
    expect(vetAddress(parseIp('::1')!, 80, p, false)).toBeNull();
    expect(vetAddress(parseIp('127.0.0.1')!, 8080, p, false)).toBeNull();
    expect(vetAddress(parseIp('127.0.0.1')!, 8081, p, false)).not.toBeNull();
    const v = vetUrl('http://db.internal:5432/', p);
    expect('code' in v ? v.code : v.hostPortAllowed).toBe(true);
    expect(() => createGuardPolicy({ allowList: ['10.0.0.0/40'] })).toThrow(/10.0.0.0\/40/);
    expect(() => createGuardPolicy({ allowList: ['internal.example'] })).toThrow();
  });
});
