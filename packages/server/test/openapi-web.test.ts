import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { freshDatabase } from './harness.js';
import { documentDifferences, exportOpenApiDocument, REGENERATE_HINT, renderApiTypes, WEB_OPENAPI_FILE, WEB_TYPES_FILE } from './openapi-document.js';

/**
 * The web app's typed API client is generated from a copy of the OpenAPI document kept in the web
 * package (it never imports the server). A route whose schema changed makes these fail with the
 * command that brings the copy and its types up to date.
 */
describe('the web app’s copy of the OpenAPI document', () => {
  const committed = JSON.parse(readFileSync(WEB_OPENAPI_FILE, 'utf8')) as Record<string, unknown>;

  it('is the document the server builds now', async () => {
    const fresh = await freshDatabase();
    let live: Record<string, unknown>;
    try {
      live = await exportOpenApiDocument(fresh.database);
    } finally {
      await fresh.drop();
    }
    const diffs = documentDifferences(committed, live);
    expect(diffs, `The web app's OpenAPI document is out of date (${diffs.slice(0, 8).join('; ')}): ${REGENERATE_HINT}.`).toEqual([]);
    // Every operation the web app can call has a typed success response.
    const untyped = Object.entries(live.paths as Record<string, Record<string, { responses?: Record<string, { content?: unknown }> }>>)
      .filter(([path]) => path.startsWith('/api/'))
      .flatMap(([path, item]) =>
        Object.entries(item)
          .filter(([, op]) => !Object.entries(op.responses ?? {}).some(([code, r]) => code.startsWith('2') && r.content))
          .map(([method]) => `${method.toUpperCase()} ${path}`),
      );
    expect(untyped).toEqual([]);
  });

  it('has its generated types', async () => {
    const types = await renderApiTypes(committed);
    expect(readFileSync(WEB_TYPES_FILE, 'utf8') === types, `packages/web/src/generated/api.ts is not generated from openapi.json: ${REGENERATE_HINT}.`).toBe(
      true,
    );
  });

  it('notices a changed route', () => {
    const changed = structuredClone(committed);
    const p = changed.paths as Record<string, Record<string, unknown>>;
    delete p['/api/v1/dev/me'];
    p['/api/v1/dev/new'] = { get: {} };
    const [path, item] = Object.entries(p).find(([k, v]) => k.startsWith('/api/v1/operator/') && 'get' in v)!;
    p[path] = { ...item, get: { ...(item.get as object), summary: 'renamed' } };
    expect(documentDifferences(committed, changed).sort()).toEqual(
      ['added: GET /api/v1/dev/new', `changed: GET ${path}`, 'removed: GET /api/v1/dev/me'].sort(),
    );
    expect(documentDifferences(committed, structuredClone(committed))).toEqual([]);
  });
});
