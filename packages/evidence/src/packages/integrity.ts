/**
 * Digests: SIGMA's own `sha256:<hex>` of the bytes (the registry row key) and the registry's
 * declared digest in Subresource-Integrity form (`sha512-<base64>`, `sha256-<base64>`).
 */
import { createHash } from 'node:crypto';

export type DigestAlg = 'sha512' | 'sha384' | 'sha256' | 'sha1';
const RANK: Record<DigestAlg, number> = { sha512: 4, sha384: 3, sha256: 2, sha1: 1 };

export interface SriPart {
  alg: DigestAlg;
  base64: string;
}

export function digestOf(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** Every well-formed `alg-base64` token of an SRI string; unknown algorithms are ignored. */
export function parseSri(sri: string): SriPart[] {
  const out: SriPart[] = [];
  for (const tok of sri.trim().split(/\s+/)) {
    const m = /^(sha512|sha384|sha256|sha1)-([A-Za-z0-9+/]+={0,2})(?:\?.*)?$/.exec(tok);
    if (!m) continue;
    const expectLen = { sha512: 64, sha384: 48, sha256: 32, sha1: 20 }[m[1] as DigestAlg];
    if (Buffer.from(m[2]!, 'base64').length !== expectLen) continue;
    out.push({ alg: m[1] as DigestAlg, base64: m[2]! });
  }
  return out;
}

/** The strongest digest of an SRI string, as a one-token SRI; null when there is none. */
export function strongestSri(sri: string): string | null {
  const parts = parseSri(sri).sort((a, b) => RANK[b.alg] - RANK[a.alg]);
  const best = parts[0];
  return best ? `${best.alg}-${best.base64}` : null;
}

export function hexToSri(alg: DigestAlg, hex: string): string | null {
  if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length % 2 !== 0) return null;
  const b = Buffer.from(hex, 'hex');
  const expectLen = { sha512: 64, sha384: 48, sha256: 32, sha1: 20 }[alg];
  return b.length === expectLen ? `${alg}-${b.toString('base64')}` : null;
}

/** `sha256:<hex>` (pip's `--hash` form) as SRI. */
export function pipHashToSri(hash: string): string | null {
  const m = /^(sha256|sha384|sha512):([0-9a-fA-F]+)$/.exec(hash.trim());
  return m ? hexToSri(m[1] as DigestAlg, m[2]!) : null;
}

/** True when `bytes` match the strongest digest `sri` declares. */
export function matchesSri(bytes: Uint8Array, sri: string): boolean {
  const best = strongestSri(sri);
  if (!best) return false;
  const dash = best.indexOf('-');
  const alg = best.slice(0, dash) as DigestAlg;
  return createHash(alg).update(bytes).digest('base64') === best.slice(dash + 1);
}

/** Two SRI strings that share an algorithm must agree on it; true when some common algorithm agrees and none disagrees. */
export function sameDigest(a: string, b: string): boolean {
  const pa = parseSri(a);
  const pb = parseSri(b);
  let agreed = false;
  for (const x of pa)
    for (const y of pb) {
      if (x.alg !== y.alg) continue;
      if (x.base64 !== y.base64) return false;
      agreed = true;
    }
  return agreed;
}

export function algOf(sri: string): DigestAlg | null {
  return parseSri(sri)[0]?.alg ?? null;
}
