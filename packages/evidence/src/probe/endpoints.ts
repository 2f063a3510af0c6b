import type { Manifest } from '@sigma/core';

/**
 * What the probe is asked to check: the manifest's `externalCalls` (declared in the front matter,
 * or derived from URLs in the code when the front matter declares none), with the response schema
 * the front matter gives for an endpoint, if any (`response`, `responseSchema`, `response_schema`
 * or `returns` on the same externalCalls entry).
 */

export interface DeclaredEndpoint {
  /** Upper case; `UNKNOWN` for an endpoint derived from code. */
  method: string;
  /** As declared, credentials redacted. */
  url: string;
  /** Absolute URL to request (`https://` added to a bare host), or null when it cannot be one. */
  absoluteUrl: string | null;
  auth: string;
  reason: string;
  declaredFrom: 'front-matter' | 'derived';
  responseSchema: unknown;
}

const CALL_KEYS = ['externalCalls', 'external_calls', 'external-calls'];
const SCHEMA_KEYS = ['response', 'responseSchema', 'response_schema', 'returns'];

/** Credentials in a URL (`user:pass@`) never reach a report. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#\s]*@/i, '$1***@');
}

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : null;
}

/** `{url|METHOD}` → schema, read from the raw front matter (the manifest keeps no schemas). */
function schemasFromFrontMatter(fm: Record<string, unknown> | null | undefined): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const raw = fm ? CALL_KEYS.map((k) => fm[k]).find((v) => v !== undefined) : undefined;
  if (!Array.isArray(raw)) return out;
  for (const c of raw) {
    if (!c || typeof c !== 'object') continue;
    const o = c as Record<string, unknown>;
    const url = str(o['url'] ?? o['endpoint'] ?? o['host']);
    const key = SCHEMA_KEYS.find((k) => o[k] !== undefined);
    if (url && key) out.set(`${url}|${(str(o['method']) ?? 'GET').toUpperCase()}`, o[key]);
  }
  return out;
}

export function absoluteUrlOf(url: string): string | null {
  const candidate = /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : /^\/\//.test(url) ? `https:${url}` : `https://${url}`;
  try {
    return new URL(candidate).href;
  } catch {
    return null;
  }
}

/** A path segment the developer must fill in (`{id}`, `:id`, `<id>`): not probed. */
export function templateParameter(url: string): string | null {
  let path = url;
  try {
    path = decodeURI(new URL(url).pathname);
  } catch {
    /* keep the raw text */
  }
  const m = /\{[^}/]*\}|\/:[A-Za-z_]\w*|<[^>/]+>/.exec(path);
  return m ? m[0].replace(/^\//, '') : null;
}

export function declaredEndpoints(manifest: Manifest, frontMatter?: Record<string, unknown> | null): DeclaredEndpoint[] {
  const schemas = schemasFromFrontMatter(frontMatter);
  const seen = new Set<string>();
  const out: DeclaredEndpoint[] = [];
  for (const c of manifest.externalCalls) {
    const method = (c.method || 'GET').toUpperCase();
    const key = `${c.url}|${method}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      method,
      url: redactUrl(c.url),
      absoluteUrl: absoluteUrlOf(c.url),
      auth: c.auth,
      reason: c.reason,
      declaredFrom: manifest.declared.externalCalls ? 'front-matter' : 'derived',
      responseSchema: schemas.get(key) ?? null,
    });
  }
  return out;
}

/** `none` → false, `unknown`/empty → null, anything else (bearer, api-key, oauth…) → true. */
export function authDeclared(auth: string): boolean | null {
  const a = auth.trim().toLowerCase();
  if (a === '' || a === 'unknown') return null;
  return !['none', 'no', 'false', 'public', 'anonymous'].includes(a);
}
