import { lookup } from 'node:dns/promises';
import { z } from 'zod';
import type { ProbeError, ProbeErrorCode } from '@sigma/core';
import { forbiddenReason, inCidr, parseCidr, parseIp, unmapped } from './address.js';
import type { Cidr, IpBytes } from './address.js';

/**
 * The outbound guard's policy: what SIGMA may connect to when it fetches something for a submitter
 * (docs/probe.md §1). Built once from operator configuration; every outbound request takes it.
 */

export const DEFAULT_USER_AGENT = 'SIGMA-Probe/1 (+endpoint review; no credentials sent)';

export const GuardConfig = z.object({
  /** Operator allow-list: CIDRs (`10.1.0.0/16`, `::1/128`), single IPs, or `host:port` (`127.0.0.1:8080`, `[::1]:80`, `api.internal:8443`). */
  allowList: z.array(z.string().min(1).max(300)).max(1000).default([]),
  /** Ports connected to without an allow-list entry. Default: 80, 443 and 1024–65535. */
  allowedPorts: z.array(z.number().int().min(1).max(65535)).max(1000).optional(),
  connectTimeoutMs: z.number().int().min(50).max(60_000).default(5_000),
  totalTimeoutMs: z.number().int().min(100).max(300_000).default(15_000),
  maxBodyBytes: z
    .number()
    .int()
    .min(1)
    .max(64 * 1024 * 1024)
    .default(1024 * 1024),
  maxHeaderBytes: z
    .number()
    .int()
    .min(1024)
    .max(256 * 1024)
    .default(16 * 1024),
  maxRedirects: z.number().int().min(0).max(10).default(5),
  userAgent: z.string().min(1).max(200).default(DEFAULT_USER_AGENT),
  /** Extra trusted CA certificates (PEM), on top of Node's bundled roots. Tests use it. */
  extraCaPem: z.array(z.string()).max(50).default([]),
});
export type GuardConfig = z.input<typeof GuardConfig>;

/** Resolves a host name to every address it has (IPv4 and IPv6). Injected by tests. */
export type Resolver = (host: string) => Promise<string[]>;

export const systemResolver: Resolver = async (host) => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

export interface GuardPolicy {
  readonly allowCidrs: readonly Cidr[];
  /** `host:port` entries, host lowercase (IPs in canonical form). */
  readonly allowHostPorts: ReadonlySet<string>;
  readonly allowedPorts: ReadonlySet<number> | null;
  readonly connectTimeoutMs: number;
  readonly totalTimeoutMs: number;
  readonly maxBodyBytes: number;
  readonly maxHeaderBytes: number;
  readonly maxRedirects: number;
  readonly userAgent: string;
  readonly extraCaPem: readonly string[];
  readonly resolve: Resolver;
}

/** Throws (with the entry named) when an allow-list entry cannot be read: a typo must not widen or silently drop a rule. */
export function createGuardPolicy(config: GuardConfig = {}, resolve: Resolver = systemResolver): GuardPolicy {
  const c = GuardConfig.parse(config);
  const allowCidrs: Cidr[] = [];
  const allowHostPorts = new Set<string>();
  for (const raw of c.allowList) {
    const entry = raw.trim();
    const bracketed = /^\[([0-9a-f:.]+)\]:(\d{1,5})$/i.exec(entry);
    const named = /^([a-z0-9.-]+):(\d{1,5})$/i.exec(entry);
    const hp = bracketed ?? named;
    if (hp) {
      const port = Number(hp[2]);
      if (port < 1 || port > 65535) throw new Error(`allow-list entry ${JSON.stringify(entry)}: port out of range`);
      allowHostPorts.add(hostPortKey(hp[1]!, port));
      continue;
    }
    const cidr = parseCidr(entry);
    if (!cidr) throw new Error(`allow-list entry ${JSON.stringify(entry)} is neither a CIDR, an IP nor host:port`);
    allowCidrs.push(cidr);
  }
  return {
    allowCidrs,
    allowHostPorts,
    allowedPorts: c.allowedPorts ? new Set(c.allowedPorts) : null,
    connectTimeoutMs: c.connectTimeoutMs,
    totalTimeoutMs: c.totalTimeoutMs,
    maxBodyBytes: c.maxBodyBytes,
    maxHeaderBytes: c.maxHeaderBytes,
    maxRedirects: c.maxRedirects,
    userAgent: c.userAgent,
    extraCaPem: c.extraCaPem,
    resolve,
  };
}

function ipKey(ip: IpBytes): string {
  return Array.from(unmapped(ip), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Allow-list key: a name lower case without a trailing dot, an IP by its bytes (so every text form matches). */
function hostPortKey(host: string, port: number): string {
  const h = host
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
  const ip = parseIp(h);
  return `${ip ? ipKey(ip) : h}|${port}`;
}

export function refusal(code: ProbeErrorCode, reason: string, cause: ProbeErrorCode | null = null): ProbeError {
  return { code, reason, cause };
}

export interface VettedUrl {
  url: URL;
  /** Host without IPv6 brackets, lowercase, no trailing dot. */
  host: string;
  port: number;
  https: boolean;
  /** The literal address when the URL names an IP. */
  literal: IpBytes | null;
  /** True when an operator `host:port` entry names this host and port. */
  hostPortAllowed: boolean;
}

/** Scheme, credentials and port rules; no network. */
export function vetUrl(input: string | URL, policy: GuardPolicy): VettedUrl | ProbeError {
  let url: URL;
  try {
    url = typeof input === 'string' ? new URL(input) : new URL(input.href);
  } catch {
    return refusal('SIGMA_E_PROBE_URL_INVALID', 'not an absolute URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return refusal('SIGMA_E_PROBE_URL_INVALID', `scheme ${url.protocol} is not fetched`);
  if (url.username !== '' || url.password !== '')
    return refusal('SIGMA_E_PROBE_URL_INVALID', 'the URL carries credentials (user:password@); SIGMA never sends them');
  const host = url.hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
  if (host === '') return refusal('SIGMA_E_PROBE_URL_INVALID', 'the URL has no host');
  const https = url.protocol === 'https:';
  const port = url.port === '' ? (https ? 443 : 80) : Number(url.port);
  const literal = parseIp(host);
  if (!literal && (host.length > 253 || !host.split('.').every((l) => /^[a-z0-9_-]{1,63}$/i.test(l))))
    return refusal('SIGMA_E_PROBE_URL_INVALID', `host ${JSON.stringify(host.slice(0, 80))} is not a DNS name`);
  const hostPortAllowed = policy.allowHostPorts.has(hostPortKey(host, port));
  if (!hostPortAllowed && !portAllowed(port, policy)) return refusal('SIGMA_E_PROBE_PORT_FORBIDDEN', `port ${port} is not one SIGMA connects to`);
  return { url, host, port, https, literal, hostPortAllowed };
}

function portAllowed(port: number, policy: GuardPolicy): boolean {
  if (policy.allowedPorts) return policy.allowedPorts.has(port);
  return port === 80 || port === 443 || port >= 1024;
}

/** The address rule: every resolved address must be public or allow-listed. Returns a reason when refused. */
export function vetAddress(ip: IpBytes, port: number, policy: GuardPolicy, hostPortAllowed: boolean): string | null {
  if (hostPortAllowed || policy.allowHostPorts.has(`${ipKey(ip)}|${port}`)) return null;
  const bare = unmapped(ip);
  if (policy.allowCidrs.some((c) => inCidr(bare, c) || inCidr(ip, c))) return null;
  return forbiddenReason(ip);
}
