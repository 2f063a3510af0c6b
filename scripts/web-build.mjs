#!/usr/bin/env node
// Build the web app (packages/web → packages/web/dist) when it is missing or older than its sources.
// Used by `npm start`, by the browser tests, and directly: `node scripts/web-build.mjs [--force]`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const web = join(root, 'packages/web');
const dist = join(web, 'dist');
const stamp = join(dist, '.sigma-build');

/** Newest modification time (ms) under the given files and folders; test files do not count. */
function newest(paths) {
  let max = 0;
  const visit = (p) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const name of readdirSync(p)) if (name !== 'node_modules' && name !== 'dist') visit(join(p, name));
    } else if (!/\.test\.tsx?$/.test(p)) max = Math.max(max, st.mtimeMs);
  };
  paths.forEach(visit);
  return max;
}

export function webSources() {
  return [
    join(web, 'src'),
    join(web, 'public'),
    join(web, 'index.html'),
    join(web, 'console.html'),
    join(web, 'vite.config.ts'),
    join(web, 'package.json'),
    join(root, 'packages/core/src'),
  ];
}

/** Why a build is needed, or null when dist is up to date. */
export function staleReason() {
  if (!existsSync(join(dist, 'index.html')) || !existsSync(join(dist, 'console.html')) || !existsSync(stamp)) return 'no build yet';
  return newest(webSources()) > statSync(stamp).mtimeMs ? 'sources changed since the last build' : null;
}

/** Build when needed (or always with `force`); returns true when dist is usable afterwards. */
export function ensureWebBuilt({ force = false, log = (m) => process.stdout.write(`${m}\n`) } = {}) {
  const reason = force ? 'forced' : staleReason();
  if (!reason) return true;
  log(`Building the web app (${reason})…`);
  const started = Date.now();
  const r = spawnSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', join(web, 'vite.config.ts'), '--logLevel', 'warn'], {
    cwd: web,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (r.status !== 0) {
    log('The web app build failed; the API still runs, but pages answer 503 until it builds.');
    return false;
  }
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
  log(`Web app built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exit(ensureWebBuilt({ force: process.argv.includes('--force') }) ? 0 : 1);
}
