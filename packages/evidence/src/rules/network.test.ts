import { describe, expect, it } from 'vitest';
import { skillMd } from '../../test/helpers.js';
import { itFires, md } from '../../test/rule-cases.js';
import { hostOf, isLocalHost } from './network.js';

describe('hostOf', () => {
  it('extracts lower-case hosts without userinfo or port', () => {
    expect(hostOf('https://User:pw@API.Example.com:8443/x?y')).toBe('api.example.com');
    expect(hostOf('http://91.92.242.30/x')).toBe('91.92.242.30');
    expect(hostOf('http://localhost:3000')).toBe('localhost');
    expect(hostOf('http://[::1]:80/')).toBe('[::1]');
  });
  it('rejects templates and non-hosts', () => {
    for (const u of ['https://${HOST}/x', 'https://{host}/', 'https://<your-domain>/', 'https://x', 'https://999.1/', 'https://a..b.com'])
      expect(hostOf(u), u).toBeNull();
  });
  it('knows local addresses', () => {
    for (const h of ['localhost', '127.0.0.1', '10.1.2.3', '192.168.1.1', '172.20.0.1', 'printer.local']) expect(isLocalHost(h), h).toBe(true);
    expect(isLocalHost('8.8.8.8')).toBe(false);
  });
});

describe('network', () => {
  itFires([
    {
      name: 'tunnel host',
      files: { 'SKILL.md': skillMd('Syncs calendars.'), 'config.yaml': 'base_url: https://a1b2.ngrok-free.dev/cb\n' },
      rule: 'EXFIL_TUNNEL_HOST',
      severity: 'HIGH',
    },
    { name: 'raw IP', files: md('Download from http://45.9.148.10/tool.'), rule: 'NETWORK_RAW_IP' },
    { name: 'homoglyph host', files: md('Log in at https://раypal.com/login'), rule: 'UNICODE_CONFUSABLE_HOST' },
  ]);
});
