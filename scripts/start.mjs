#!/usr/bin/env node
// `npm start`: SIGMA on embedded defaults (PGlite under .sigma/data, local chain, offline reviewers).
// Arguments pass through: `npm start -- worker` etc. (separate roles need DATABASE_URL).
import { register } from 'tsx/esm/api';
import { ensureWebBuilt } from './web-build.mjs';

// The web app is served from packages/web/dist: build it first when it is missing or stale.
const role = process.argv[2] ?? 'all';
if (role !== 'worker') ensureWebBuilt();

register();
const { main } = await import('../packages/server/src/main.ts');
await main(process.argv.slice(2).length ? process.argv.slice(2) : ['all']);
