import type { ProbeError, RedirectHop, TlsFacts } from '@sigma/core';
import { formatIp, parseIp } from './address.js';
import { hop } from './hop.js';
import type { GuardPolicy, VettedUrl } from './policy.js';
import { refusal, vetAddress, vetUrl } from './policy.js';

/**
 * `guardedFetch`: the only way SIGMA makes an outbound HTTP request for a submitter (endpoint
 * probes, monitoring, domain proof). Resolve first; refuse when ANY address is not public (unless
 * allow-listed); connect to the vetted address only; follow redirects by hand, vetting each target
 * before anything is sent to it; cap time, headers and body; never send credentials or cookies.
 * Every refusal is a value with a catalogue code, never an exception. See docs/probe.md §1.
 */

export const READ_ONLY_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export interface GuardedRequest {
  /** Default GET. Anything but GET/HEAD/OPTIONS needs `allowUnsafeMethod` (sandbox base URLs only). */
  method?: string;
  allowUnsafeMethod?: boolean;
  accept?: string;
  /** Default true. Unsafe methods never follow redirects. */
  followRedirects?: boolean;
  /** Redirects may only move between `host` and `www.host` (domain proof). */
  sameSiteRedirectsOnly?: boolean;
  /** Lower than the policy's cap, never higher. */
  maxBodyBytes?: number;
  now?: () => number;
}

export interface GuardedResponse {
  ok: true;
  url: string;
  finalUrl: string;
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
  tls: TlsFacts | null;
  /** Request start to response headers of the last hop. */
  latencyMs: number;
  totalMs: number;
  redirects: RedirectHop[];
  remoteAddress: string;
}

export interface GuardedFailure {
  ok: false;
  url: string;
  /** The URL being fetched when it stopped (the redirect target when a redirect was refused). */
  failedUrl: string;
  error: ProbeError;
  stage: 'url' | 'resolve' | 'connect' | 'response' | 'redirect';
  status: number | null;
  headers: Record<string, string> | null;
  tls: TlsFacts | null;
  redirects: RedirectHop[];
  totalMs: number;
}

export type GuardedResult = GuardedResponse | GuardedFailure;

async function withDeadline<T>(p: Promise<T>, deadline: number, now: () => number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), Math.max(0, deadline - now()))));
  try {
    return await Promise.race([p, t]);
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves the URL's host and applies the address rule to every answer. */
export async function resolveVetted(v: VettedUrl, policy: GuardPolicy, deadline: number, now: () => number = Date.now): Promise<string[] | ProbeError> {
  let answers: string[];
  if (v.literal) answers = [v.host];
  else {
    try {
      const r = await withDeadline(policy.resolve(v.host), deadline, now);
      if (r === 'timeout') return refusal('SIGMA_E_PROBE_TIMEOUT', `resolving ${v.host} took longer than the limit`);
      answers = r;
    } catch (e) {
      return refusal('SIGMA_E_PROBE_RESOLVE_FAILED', `${v.host} does not resolve (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  if (answers.length === 0) return refusal('SIGMA_E_PROBE_RESOLVE_FAILED', `${v.host} has no address`);
  const out: string[] = [];
  for (const a of answers) {
    const ip = parseIp(a);
    if (!ip) return refusal('SIGMA_E_PROBE_RESOLVE_FAILED', `${v.host} resolved to something that is not an IP address`);
    const why = vetAddress(ip, v.port, policy, v.hostPortAllowed);
    if (why) return refusal('SIGMA_E_PROBE_ADDRESS_FORBIDDEN', v.literal ? why : `${v.host} resolves to ${why}`);
    out.push(formatIp(ip));
  }
  return [...new Set(out)];
}

function sameSite(a: string, b: string): boolean {
  const strip = (h: string) => h.replace(/^www\./, '');
  return strip(a) === strip(b);
}

export async function guardedFetch(url: string, policy: GuardPolicy, opts: GuardedRequest = {}): Promise<GuardedResult> {
  const now = opts.now ?? Date.now;
  const start = now();
  const deadline = start + policy.totalTimeoutMs;
  const method = (opts.method ?? 'GET').toUpperCase();
  const maxBodyBytes = Math.min(opts.maxBodyBytes ?? policy.maxBodyBytes, policy.maxBodyBytes);
  const redirects: RedirectHop[] = [];
  const fail = (
    error: ProbeError,
    stage: GuardedFailure['stage'],
    failedUrl: string,
    extra: Partial<Pick<GuardedFailure, 'status' | 'headers' | 'tls'>> = {},
  ): GuardedFailure => ({
    ok: false,
    url,
    failedUrl,
    error,
    stage,
    status: extra.status ?? null,
    headers: extra.headers ?? null,
    tls: extra.tls ?? null,
    redirects,
    totalMs: Math.round(now() - start),
  });
  const unsafe = !READ_ONLY_METHODS.has(method);
  if (unsafe && !opts.allowUnsafeMethod) return fail(refusal('SIGMA_E_PROBE_METHOD_FORBIDDEN', `${method} is not read-only`), 'url', url);
  if (!/^[A-Z]{1,20}$/.test(method)) return fail(refusal('SIGMA_E_PROBE_METHOD_FORBIDDEN', 'not an HTTP method'), 'url', url);

  let currentMethod = method;
  let current = vetUrl(url, policy);
  if ('code' in current) return fail(current, 'url', url);
  const firstHost = current.host;
  for (;;) {
    const vetted: VettedUrl = current;
    const isRedirect = redirects.length > 0;
    const wrap = (e: ProbeError): ProbeError =>
      isRedirect ? refusal('SIGMA_E_PROBE_REDIRECT_FORBIDDEN', `redirect to ${vetted.url.href} refused: ${e.reason}`, e.code) : e;
    const addresses = await resolveVetted(vetted, policy, deadline, now);
    if (!Array.isArray(addresses)) return fail(wrap(addresses), isRedirect ? 'redirect' : 'resolve', vetted.url.href);
    const headers: Record<string, string> = {
      host: vetted.url.host,
      'user-agent': policy.userAgent,
      accept: opts.accept ?? '*/*',
      'accept-encoding': 'identity',
      connection: 'close',
    };
    if (!READ_ONLY_METHODS.has(currentMethod)) headers['content-length'] = '0';
    let res: Awaited<ReturnType<typeof hop>> | null = null;
    let used = '';
    for (const ip of addresses.slice(0, 3)) {
      used = ip;
      res = await hop({ vetted, ip, method: currentMethod, headers, policy, deadline, maxBodyBytes, now });
      if (res.ok || res.error.code !== 'SIGMA_E_PROBE_CONNECT_FAILED' || now() >= deadline) break;
    }
    if (!res) return fail(refusal('SIGMA_E_PROBE_RESOLVE_FAILED', 'no address to connect to'), 'resolve', vetted.url.href);
    if (!res.ok) return fail(res.error, res.status === null ? 'connect' : 'response', vetted.url.href, res);
    const location = res.headers['location'];
    const follow = opts.followRedirects !== false && !unsafe && REDIRECT_STATUSES.has(res.status) && location !== undefined;
    if (!follow) {
      return {
        ok: true,
        url,
        finalUrl: vetted.url.href,
        status: res.status,
        headers: res.headers,
        body: res.body,
        tls: res.tls,
        latencyMs: res.latencyMs,
        totalMs: Math.round(now() - start),
        redirects,
        remoteAddress: used,
      };
    }
    redirects.push({ url: vetted.url.href, status: res.status });
    const ctx = { status: res.status, headers: res.headers, tls: res.tls };
    if (redirects.length > policy.maxRedirects)
      return fail(refusal('SIGMA_E_PROBE_REDIRECT_FORBIDDEN', `more than ${policy.maxRedirects} redirects`), 'redirect', vetted.url.href, ctx);
    let nextUrl: URL;
    try {
      nextUrl = new URL(location!, vetted.url);
    } catch {
      return fail(
        refusal('SIGMA_E_PROBE_REDIRECT_FORBIDDEN', 'the redirect location is not a URL', 'SIGMA_E_PROBE_URL_INVALID'),
        'redirect',
        vetted.url.href,
        ctx,
      );
    }
    const next = vetUrl(nextUrl, policy);
    if ('code' in next)
      return fail(refusal('SIGMA_E_PROBE_REDIRECT_FORBIDDEN', `redirect to ${nextUrl.href} refused: ${next.reason}`, next.code), 'redirect', nextUrl.href, ctx);
    const literalWhy = next.literal ? vetAddress(next.literal, next.port, policy, next.hostPortAllowed) : null;
    if (literalWhy)
      return fail(
        refusal('SIGMA_E_PROBE_REDIRECT_FORBIDDEN', `redirect to ${nextUrl.href} refused: ${literalWhy}`, 'SIGMA_E_PROBE_ADDRESS_FORBIDDEN'),
        'redirect',
        nextUrl.href,
        ctx,
      );
    if (vetted.https && !next.https)
      return fail(refusal('SIGMA_E_PROBE_REDIRECT_FORBIDDEN', `redirect from https to plain http (${nextUrl.href}) refused`), 'redirect', nextUrl.href, ctx);
    if (opts.sameSiteRedirectsOnly && !sameSite(next.host, firstHost))
      return fail(refusal('SIGMA_E_PROBE_REDIRECT_FORBIDDEN', `redirect off ${firstHost} (to ${next.host}) refused`), 'redirect', nextUrl.href, ctx);
    if (res.status === 303 && currentMethod !== 'HEAD') currentMethod = 'GET';
    if ((res.status === 301 || res.status === 302) && currentMethod === 'OPTIONS') currentMethod = 'GET';
    current = next;
  }
}
