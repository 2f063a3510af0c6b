/**
 * The one way the package library talks to a registry: global `fetch`, GET only, with a timeout for
 * the whole exchange (headers and body), a byte cap read as the body streams in, manual redirects
 * (each hop counted and re-checked), and an allow-list of origins — nothing outside the configured
 * registry is ever contacted.
 */
import { SigmaError } from '@sigma/core';

export interface HttpPolicy {
  /** Origins (`scheme://host:port`) that may be contacted. */
  origins: string[];
  timeoutMs: number;
  maxRedirects: number;
  /** Injected for tests of the policy itself; defaults to the global fetch. */
  fetch?: typeof fetch;
  userAgent?: string;
}

export interface HttpBody {
  status: number;
  bytes: Uint8Array;
  contentType: string;
  url: string;
}

export const DEFAULT_USER_AGENT = 'sigma-packages/1 (+https://github.com/sigma)';

export function originOf(url: string): string {
  const u = new URL(url);
  return u.origin;
}

/** Normalises a configured base URL: no trailing slash, http(s) only, no credentials. */
export function normaliseBaseUrl(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new SigmaError('SIGMA_E_CONFIG_INVALID', `registry URL ${JSON.stringify(raw)} is not a URL`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new SigmaError('SIGMA_E_CONFIG_INVALID', `registry URL must be http(s): ${raw}`);
  if (u.username || u.password) throw new SigmaError('SIGMA_E_CONFIG_INVALID', 'registry URL must not carry credentials');
  u.hash = '';
  u.search = '';
  return u.toString().replace(/\/+$/, '');
}

function checkOrigin(url: string, policy: HttpPolicy, what: string): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new SigmaError('SIGMA_E_PACKAGE_REGISTRY_INVALID', `${what}: ${JSON.stringify(url)} is not a URL`);
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || !policy.origins.includes(u.origin)) {
    throw new SigmaError('SIGMA_E_PACKAGE_FOREIGN_HOST', `${what}: ${u.origin} is not the configured registry (${policy.origins.join(', ')})`, {
      details: { url: u.origin, allowed: policy.origins },
    });
  }
  if (u.username || u.password) throw new SigmaError('SIGMA_E_PACKAGE_REGISTRY_INVALID', `${what}: URL carries credentials`);
  return u;
}

async function readCapped(res: Response, maxBytes: number, url: string): Promise<Uint8Array> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    throw new SigmaError('SIGMA_E_PACKAGE_TOO_LARGE', `${url} is ${declared} bytes (limit ${maxBytes})`, { details: { url, limit: maxBytes } });
  }
  if (!res.body) return new Uint8Array(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new SigmaError('SIGMA_E_PACKAGE_TOO_LARGE', `${url} is larger than ${maxBytes} bytes`, { details: { url, limit: maxBytes } });
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.byteLength;
  }
  return out;
}

/**
 * GET `url` under the policy. Returns 2xx and 404 answers (the caller decides what a 404 means);
 * throws SIGMA_E_PACKAGE_REGISTRY_UNAVAILABLE for transport errors, timeouts and 5xx/429, and
 * SIGMA_E_PACKAGE_REGISTRY_INVALID for other statuses or too many redirects.
 */
export async function httpGet(url: string, opts: { accept: string; maxBytes: number; what: string }, policy: HttpPolicy): Promise<HttpBody> {
  const doFetch = policy.fetch ?? fetch;
  const signal = AbortSignal.timeout(policy.timeoutMs);
  let current = checkOrigin(url, policy, opts.what);
  for (let hop = 0; ; hop++) {
    let res: Response;
    try {
      res = await doFetch(current, {
        method: 'GET',
        redirect: 'manual',
        signal,
        headers: { accept: opts.accept, 'user-agent': policy.userAgent ?? DEFAULT_USER_AGENT },
      });
    } catch (err) {
      const timedOut = signal.aborted;
      throw new SigmaError(
        'SIGMA_E_PACKAGE_REGISTRY_UNAVAILABLE',
        `${opts.what}: ${timedOut ? `no answer within ${policy.timeoutMs} ms` : `request failed (${(err as Error).message})`}`,
        { details: { url: current.toString() }, cause: err },
      );
    }
    if (res.status >= 300 && res.status < 400 && res.status !== 304) {
      await res.body?.cancel().catch(() => undefined);
      const loc = res.headers.get('location');
      if (!loc) throw new SigmaError('SIGMA_E_PACKAGE_REGISTRY_INVALID', `${opts.what}: redirect without a Location`);
      if (hop + 1 > policy.maxRedirects) {
        throw new SigmaError('SIGMA_E_PACKAGE_REGISTRY_INVALID', `${opts.what}: more than ${policy.maxRedirects} redirects`, {
          details: { url: current.toString() },
        });
      }
      current = checkOrigin(new URL(loc, current).toString(), policy, `${opts.what} (redirect)`);
      continue;
    }
    if (res.status === 429 || res.status >= 500) {
      await res.body?.cancel().catch(() => undefined);
      throw new SigmaError('SIGMA_E_PACKAGE_REGISTRY_UNAVAILABLE', `${opts.what}: the registry answered ${res.status}`, {
        details: { url: current.toString(), status: res.status },
      });
    }
    if (res.status !== 404 && (res.status < 200 || res.status >= 300)) {
      await res.body?.cancel().catch(() => undefined);
      throw new SigmaError('SIGMA_E_PACKAGE_REGISTRY_INVALID', `${opts.what}: the registry answered ${res.status}`, {
        details: { url: current.toString(), status: res.status },
      });
    }
    try {
      const bytes = res.status === 404 ? new Uint8Array(0) : await readCapped(res, opts.maxBytes, current.toString());
      return { status: res.status, bytes, contentType: res.headers.get('content-type') ?? '', url: current.toString() };
    } catch (err) {
      if (err instanceof SigmaError) throw err;
      throw new SigmaError(
        'SIGMA_E_PACKAGE_REGISTRY_UNAVAILABLE',
        `${opts.what}: ${signal.aborted ? `no answer within ${policy.timeoutMs} ms` : (err as Error).message}`,
        {
          details: { url: current.toString() },
          cause: err,
        },
      );
    }
  }
}

/** Parses a JSON body; a registry that answers with something else is invalid. */
export function parseJsonBody(body: HttpBody, what: string): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body.bytes)) as unknown;
  } catch {
    throw new SigmaError('SIGMA_E_PACKAGE_REGISTRY_INVALID', `${what}: the answer is not JSON`, { details: { url: body.url } });
  }
}
