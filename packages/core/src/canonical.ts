import canonicalize from 'canonicalize';

/**
 * RFC 8785 (JCS) canonical JSON. Rejects what JCS cannot represent (NaN, Infinity, lone
 * surrogates, cycles) and — stricter than JSON.stringify — `undefined` anywhere, so a value
 * never hashes differently from what a third party would parse back.
 */
export function canonicalJson(value: unknown): string {
  assertJsonValue(value, '$');
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('value is not representable as JSON');
  return text;
}

function assertJsonValue(value: unknown, path: string): void {
  if (value === null) return;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${path}: non-finite number`);
      return;
    case 'object': {
      if (Array.isArray(value)) {
        value.forEach((v, i) => assertJsonValue(v, `${path}[${i}]`));
        return;
      }
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) throw new TypeError(`${path}: not a plain object`);
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) assertJsonValue(v, `${path}.${k}`);
      return;
    }
    default:
      throw new TypeError(`${path}: ${typeof value} is not a JSON value`);
  }
}
