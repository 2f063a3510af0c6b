import type { JsonShape, JsonType, ShapeCheck } from '@sigma/core';

/**
 * Shallow response shapes: the top-level JSON type and keys of a body, and a comparison with what
 * the declaration says (a JSON Schema subset — `type`, `required`, `properties.<key>.type`,
 * `items.type` — or an example object). Deliberately one level deep: the probe checks that the
 * endpoint answers with the kind of document declared, not the whole contract.
 */

const MAX_KEYS = 100;
const TYPE_NAMES = new Set(['object', 'array', 'string', 'number', 'integer', 'boolean', 'null']);

export function jsonTypeOf(v: unknown): JsonType {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  const t = typeof v;
  return t === 'object' ? 'object' : t === 'number' ? 'number' : t === 'boolean' ? 'boolean' : 'string';
}

export function jsonShape(v: unknown): JsonShape {
  const type = jsonTypeOf(v);
  const keys =
    type === 'object'
      ? Object.keys(v as object)
          .sort()
          .slice(0, MAX_KEYS)
      : [];
  const itemType = type === 'array' && (v as unknown[]).length > 0 ? jsonTypeOf((v as unknown[])[0]) : null;
  return { type, keys, itemType };
}

/** Parses a body as JSON when its content type says JSON (or it looks like a JSON document); undefined when it is not JSON. */
export function parseJsonBody(body: Uint8Array, contentType: string | null): unknown {
  const ct = (contentType ?? '').toLowerCase();
  const text = new TextDecoder('utf-8', { fatal: false }).decode(body).replace(/^\uFEFF/, '');
  const looksJson = /^\s*[[{]/.test(text);
  if (!/\bjson\b|\+json/.test(ct) && !(looksJson && (ct === '' || ct.startsWith('text/plain')))) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function typeMatches(declared: string, actual: unknown): boolean {
  if (declared === 'integer') return typeof actual === 'number' && Number.isInteger(actual);
  return declared === jsonTypeOf(actual);
}

interface Expectation {
  types: string[] | null;
  required: string[];
  keyTypes: Record<string, string[]>;
  itemTypes: string[] | null;
}

function typesOf(v: unknown): string[] | null {
  if (typeof v === 'string' && TYPE_NAMES.has(v)) return [v];
  if (Array.isArray(v)) {
    const t = v.filter((x): x is string => typeof x === 'string' && TYPE_NAMES.has(x));
    return t.length ? t : null;
  }
  return null;
}

/** Reads a declared schema or example; null when it says nothing the probe can check. */
export function readExpectation(schema: unknown): Expectation | null {
  if (typeof schema === 'string') return typesOf(schema) ? { types: typesOf(schema), required: [], keyTypes: {}, itemTypes: null } : null;
  if (!schema || typeof schema !== 'object') return null;
  const s = schema as Record<string, unknown>;
  const isSchema = typeof s['type'] === 'string' || Array.isArray(s['type']) || typeof s['properties'] === 'object' || Array.isArray(s['required']);
  if (isSchema) {
    const props = s['properties'] && typeof s['properties'] === 'object' ? (s['properties'] as Record<string, unknown>) : {};
    const keyTypes: Record<string, string[]> = {};
    for (const [k, p] of Object.entries(props)) {
      const t = p && typeof p === 'object' ? typesOf((p as Record<string, unknown>)['type']) : typesOf(p);
      if (t) keyTypes[k] = t;
    }
    const items = s['items'] && typeof s['items'] === 'object' ? typesOf((s['items'] as Record<string, unknown>)['type']) : null;
    const required = Array.isArray(s['required']) ? s['required'].filter((x): x is string => typeof x === 'string') : [];
    return { types: typesOf(s['type']) ?? (Object.keys(props).length ? ['object'] : null), required, keyTypes, itemTypes: items };
  }
  if (Array.isArray(schema)) {
    const first: unknown = schema[0];
    return { types: ['array'], required: [], keyTypes: {}, itemTypes: first === undefined ? null : (typesOf(first) ?? [jsonTypeOf(first)]) };
  }
  // An example object: its keys are expected, each with the type of its example value (or the type named).
  const keyTypes: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(s)) keyTypes[k] = typesOf(v) ?? [jsonTypeOf(v)];
  return { types: ['object'], required: Object.keys(s), keyTypes, itemTypes: null };
}

export const NOT_DECLARED: ShapeCheck = { declared: false, matches: null, problems: [] };

/** Compares a parsed body (undefined when not JSON) with the declaration. */
export function checkShape(schema: unknown, body: unknown, why: string | null = null): ShapeCheck {
  if (schema === null || schema === undefined) return NOT_DECLARED;
  const exp = readExpectation(schema);
  if (!exp) return { declared: true, matches: null, problems: ['the declared response schema has nothing the probe can compare'] };
  if (why) return { declared: true, matches: null, problems: [why] };
  if (body === undefined) return { declared: true, matches: false, problems: ['the response is not JSON'] };
  const problems: string[] = [];
  if (exp.types && !exp.types.some((t) => typeMatches(t, body))) problems.push(`the body is ${jsonTypeOf(body)}, declared ${exp.types.join(' or ')}`);
  if (jsonTypeOf(body) === 'object') {
    const o = body as Record<string, unknown>;
    for (const k of exp.required) if (!(k in o)) problems.push(`key ${JSON.stringify(k)} is missing`);
    for (const [k, types] of Object.entries(exp.keyTypes))
      if (k in o && !types.some((t) => typeMatches(t, o[k]))) problems.push(`key ${JSON.stringify(k)} is ${jsonTypeOf(o[k])}, declared ${types.join(' or ')}`);
  }
  if (jsonTypeOf(body) === 'array' && exp.itemTypes && (body as unknown[]).length > 0) {
    const first = (body as unknown[])[0];
    if (!exp.itemTypes.some((t) => typeMatches(t, first))) problems.push(`items are ${jsonTypeOf(first)}, declared ${exp.itemTypes.join(' or ')}`);
  }
  return { declared: true, matches: problems.length === 0, problems: problems.slice(0, 20) };
}
