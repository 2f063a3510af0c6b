import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CertificateSnapshot, codeHash } from '@sigma/core';
import { sandboxAvailable } from '@sigma/evidence';
import { loadConfig } from '../src/config.js';
import { startTestServer, submitAndSettle, type TestServer } from './harness.js';

/**
 * Issue 14 item 1, git sources: a CODE tool in a local bare repository, submitted by its https URL
 * and full commit id, fetched through an operator mirror (SIGMA_GIT_MIRRORS). The API itself never
 * accepts file:// or local paths (api.test.ts); the mirror is the operator's, not the submitter's.
 */
let t: TestServer;
let root = '';
let commit = '';
let sandbox = false;
const TOOL: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'upper', version: '1.0.0' }),
  'index.js': "'use strict';\nconsole.log('shout'.toUpperCase());\n",
};

function git(cwd: string, ...args: string[]): string {
  const env = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], { cwd, env })
    .toString()
    .trim();
}

beforeAll(async () => {
  sandbox = (await sandboxAvailable()).available;
  root = mkdtempSync(join(tmpdir(), 'sigma-gitsrc-'));
  const work = join(root, 'work');
  mkdirSync(work);
  git(work, 'init', '--quiet', '-b', 'main');
  for (const [p, text] of Object.entries(TOOL)) {
    mkdirSync(dirname(join(work, p)), { recursive: true });
    writeFileSync(join(work, p), text);
  }
  git(work, 'add', '.');
  git(work, 'commit', '--quiet', '-m', 'tool');
  commit = git(work, 'rev-parse', 'HEAD');
  // A later commit that the submission must not see.
  writeFileSync(join(work, 'index.js'), "'use strict';\nconsole.log(process.env.HOME);\n");
  git(work, 'commit', '--quiet', '-am', 'later');
  mkdirSync(join(root, 'mirror'));
  git(root, 'clone', '--quiet', '--bare', work, join(root, 'mirror', 'tool.git'));
  t = await startTestServer({ env: { SIGMA_GIT_MIRRORS: `https://git.sigma.test/acme/=file://${root}/mirror/` } });
}, 120_000);
afterAll(async () => {
  await t?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('CODE from a pinned git commit', () => {
  it('is APPROVED from exactly the pinned commit; codeHash covers that tree and the source names the https URL', async () => {
    const url = 'https://git.sigma.test/acme/tool.git';
    const v = await submitAndSettle(t, { category: 'CODE', source: { type: 'git', url, ref: commit }, entry: 'index.js' });
    expect(v.status, JSON.stringify(v.reasons)).toBe('APPROVED');
    const snap = CertificateSnapshot.parse((await t.app.inject(`/api/v1/public/certificates/${v.certificateId}`)).json().snapshot);
    expect(snap.codeHash).toBe(codeHash(Object.entries(TOOL).map(([path, content]) => ({ path, content }))));
    expect(snap.source).toMatchObject({ sourceType: 'git', sourceUrl: url, sourceRef: commit, entry: 'index.js' });
    expect(JSON.stringify(snap)).not.toContain(root);
    expect(snap.codeReview?.execution.outcome).toBe(sandbox ? 'COMPLETED' : 'SKIPPED');
  });

  it('fails closed, naming the submitted URL, when the commit is not in the repository', async () => {
    const url = 'https://git.sigma.test/acme/tool.git';
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/dev/quotes',
      headers: { authorization: `Bearer ${t.devKey}` },
      payload: { category: 'CODE', source: { type: 'git', url, ref: 'f'.repeat(40) }, entry: 'index.js' },
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'SIGMA_E_SUBMISSION_SOURCE_INVALID', field: 'source' });
    expect(res.json().error.message).toContain('https://git.sigma.test/acme/tool.git');
    expect(res.body).not.toContain(root);
  });

  it('refuses a malformed mirror configuration', () => {
    for (const bad of ['file:///srv/=https://x/', 'https://h/a=file:///srv/', 'https://h/a/']) {
      expect(() => loadConfig({ SIGMA_GIT_MIRRORS: bad })).toThrow(/SIGMA_GIT_MIRRORS/);
    }
  });
});
