import { randomBytes } from 'node:crypto';

/**
 * Mock environment values. Each env name the static analysis found gets a throwaway canary
 * `sigma-mock-<NAME>-<12 hex>`; the 12 hex characters (the token) are unique per run and name, so
 * when the token shows up in something the code sent (a payload, a DNS name, an argv) the record
 * can say which variable's value was being sent — raw, hex-encoded or base64-encoded.
 */
export interface MockValue {
  name: string;
  value: string;
  token: string;
}

/** Names the runtimes or the C library interpret themselves: a fake value would change how the sandbox starts, not reveal anything. */
const RESERVED = new Set([
  'PATH',
  'HOME',
  'PWD',
  'OLDPWD',
  'USER',
  'LOGNAME',
  'SHELL',
  'TMPDIR',
  'TEMP',
  'TMP',
  'LANG',
  'LANGUAGE',
  'TERM',
  'TZ',
  'HOSTNAME',
  'SHLVL',
  'NODE_OPTIONS',
  'NODE_PATH',
  'NODE_EXTRA_CA_CERTS',
  'NODE_DEBUG',
  'UV_THREADPOOL_SIZE',
  'GCONV_PATH',
  'GLIBC_TUNABLES',
  'LOCPATH',
  'HOSTALIASES',
  'RES_OPTIONS',
  'LOCALDOMAIN',
]);
const RESERVED_PREFIXES = ['LC_', 'LD_', 'PYTHON', 'MALLOC_'];
const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

export function isReservedEnvName(name: string): boolean {
  return RESERVED.has(name) || RESERVED_PREFIXES.some((p) => name.startsWith(p));
}

/** Canaries for the given names; invalid or reserved names are returned in `refused` and get no value. */
export function makeMocks(names: readonly string[], random: (n: number) => Buffer = randomBytes): { mocks: MockValue[]; refused: string[] } {
  const mocks: MockValue[] = [];
  const refused: string[] = [];
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) continue;
    seen.add(name);
    if (!NAME.test(name) || isReservedEnvName(name)) {
      refused.push(name);
      continue;
    }
    const token = random(6).toString('hex');
    mocks.push({ name, value: `sigma-mock-${name}-${token}`, token });
  }
  return { mocks, refused };
}

interface Needles {
  name: string;
  /** Searched case-insensitively: the token itself, and the hex encoding of the whole value. */
  folded: string[];
  /** Searched as-is: base64 and base64url of the value at each of the three byte alignments. */
  exact: string[];
}

const cache = new WeakMap<readonly MockValue[], Needles[]>();

function needlesFor(mocks: readonly MockValue[]): Needles[] {
  let n = cache.get(mocks);
  if (n) return n;
  n = mocks.map((m) => {
    const exact: string[] = [];
    for (let k = 0; k < 3; k++) {
      const part = Buffer.from(m.value.slice(k), 'latin1');
      const full = Math.floor(part.length / 3) * 3;
      const b64 = part.subarray(0, full).toString('base64');
      exact.push(b64, b64.replace(/\+/g, '-').replace(/\//g, '_'));
    }
    return { name: m.name, folded: [m.token, Buffer.from(m.value, 'latin1').toString('hex')], exact };
  });
  cache.set(mocks, n);
  return n;
}

/** Names of the mocks whose value appears in `data` (raw, hex or base64 at any alignment). */
export function findMocks(data: Uint8Array | string, mocks: readonly MockValue[]): string[] {
  if (mocks.length === 0) return [];
  const text = typeof data === 'string' ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('latin1');
  if (text.length === 0) return [];
  const lower = text.toLowerCase();
  const found: string[] = [];
  for (const n of needlesFor(mocks)) {
    if (n.folded.some((s) => lower.includes(s)) || n.exact.some((s) => s.length >= 8 && text.includes(s))) found.push(n.name);
  }
  return found.sort();
}

/** Removes every mock value (and its token) from a text; used before text leaves the record as an excerpt. */
export function labelMocks(text: string, mocks: readonly MockValue[]): string {
  let out = text;
  for (const m of mocks) out = out.split(m.value).join(`<mock ${m.name}>`);
  return out;
}
