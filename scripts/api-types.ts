/**
 * `npm run api:types`: export the server's OpenAPI document (the app built on a throwaway PGlite) into
 * the web package and generate the TypeScript types the web app's typed client uses (docs/web.md).
 * The server test `openapi-web.test.ts` fails when the committed files are not what this writes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { documentText, exportOpenApiDocument, renderApiTypes, WEB_OPENAPI_FILE, WEB_TYPES_FILE } from '../packages/server/test/openapi-document.js';

const started = Date.now();
const doc = await exportOpenApiDocument();
mkdirSync(dirname(WEB_OPENAPI_FILE), { recursive: true });
writeFileSync(WEB_OPENAPI_FILE, documentText(doc));
writeFileSync(WEB_TYPES_FILE, await renderApiTypes(doc));
const paths = Object.keys((doc.paths ?? {}) as object).length;
for (const f of [WEB_OPENAPI_FILE, WEB_TYPES_FILE]) console.log(`wrote ${relative(process.cwd(), f)}`);
console.log(`${paths} paths, ${Date.now() - started} ms`);
// Timers of the throwaway server (queue, maintenance) may outlive its close by seconds; the work is done.
process.exit(0);
