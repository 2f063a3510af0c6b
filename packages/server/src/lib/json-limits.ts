import type { FastifyInstance } from 'fastify';
import { SigmaError } from '@sigma/core';

export interface JsonLimits {
  /** Deepest nesting of objects and arrays (`SIGMA_JSON_MAX_DEPTH`, 64). */
  maxDepth: number;
  /** Most object keys in one body, counted over every object (`SIGMA_JSON_MAX_KEYS`, 10,000). */
  maxKeys: number;
}

/**
 * The shape problem of a JSON text, found in one pass over the raw text before it is parsed (so a
 * body nested 5,000 deep never reaches the parser, the schema validator or the handler): nesting
 * deeper than `maxDepth`, or more than `maxKeys` object keys. Null when within the limits; a text
 * that is not JSON is left to the parser to refuse.
 */
export function jsonShapeProblem(text: string, limits: JsonLimits): 'depth' | 'keys' | null {
  let depth = 0;
  let keys = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limits.maxDepth) return 'depth';
    } else if (c === 0x7d || c === 0x5d) depth--;
    else if (c === 0x3a && ++keys > limits.maxKeys) return 'keys'; // a ':' outside strings ends one key
  }
  return null;
}

/** Hold every JSON request body of the app (all planes) to the limits, then parse it with Fastify's own parser. */
export function installJsonLimits(app: FastifyInstance, limits: JsonLimits): void {
  const parse = app.getDefaultJsonParser('error', 'ignore');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const problem = jsonShapeProblem(body as string, limits);
    if (problem === 'depth') return done(new SigmaError('SIGMA_E_REQUEST_TOO_DEEP', `JSON bodies may nest at most ${limits.maxDepth} levels.`), undefined);
    if (problem === 'keys') return done(new SigmaError('SIGMA_E_REQUEST_TOO_MANY_KEYS', `JSON bodies may have at most ${limits.maxKeys} keys.`), undefined);
    parse(req, body as string, done);
  });
}
