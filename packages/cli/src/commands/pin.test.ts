import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeHash, skillHash, type CertificateBundle, type PinLock } from '@sigma/core';
import { sampleSnapshot, signedBundle } from '@sigma/core/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiError, FakeApi, sigma, UNREACHABLE } from '../../test/fake-api.js';
import { EXIT } from '../config.js';

const KEY = '0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba';
const OTHER_KEY = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d';
const SKILL_MD = '---\nname: weather-lookup\n---\n\nLooks up the weather.\n';
const root = mkdtempSync(join(tmpdir(), 'sigma-cli-pin-'));
const skillDir = join(root, 'skills', 'weather');
mkdirSync(skillDir, { recursive: true });
const skillsDir = join(root, 'skills');
const lockFile = join(skillsDir, 'sigma.lock.json');

let fake: FakeApi;
let bundle: CertificateBundle;
let live: { status: string; valid: boolean; invalidReasons: string[] };
const serve = (b: CertificateBundle, issuer = b.issuer) => {
  fake.on('GET /api/v1/public/certificates/:id/bundle', (_, p) => (p.id === b.certificateId ? { body: b } : apiError('SIGMA_E_CERTIFICATE_NOT_FOUND')));
  fake.on('GET /.well-known/sigma-issuer', () => ({ body: { address: issuer } }));
  fake.on('GET /api/v1/public/certificates/:id/live-status', (_, p) =>
    p.id === b.certificateId ? { body: { certificateId: p.id, ...live } } : apiError('SIGMA_E_CERTIFICATE_NOT_FOUND'),
  );
};
beforeAll(async () => {
  fake = await FakeApi.start();
  bundle = await signedBundle(KEY, sampleSnapshot({ skillHash: skillHash(SKILL_MD) }));
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.reset();
  live = { status: 'APPROVED', valid: true, invalidReasons: [] };
  writeFileSync(join(skillDir, 'SKILL.md'), SKILL_MD);
  rmSync(lockFile, { force: true });
  serve(bundle);
});
const env = () => ({ SIGMA_API_URL: fake.url });
const add = () => sigma(['pin', 'add', bundle.certificateId, '--dir', skillDir], env());
const check = (...extra: string[]) => sigma(['pin', 'check', '--dir', skillsDir, ...extra], env());
const readLock = () => JSON.parse(readFileSync(lockFile, 'utf8')) as PinLock;
const editLock = (edit: (l: PinLock) => void) => {
  const l = readLock();
  edit(l);
  writeFileSync(lockFile, JSON.stringify(l));
};

describe('sigma pin add', () => {
  it('writes sigma.lock.json beside the skill with the certificate, hashes, issuer, verdict and its bundle', async () => {
    writeFileSync(lockFile, JSON.stringify({ lockfileVersion: 1, service: null, pins: [] }));
    const r = await add();
    expect(r.code, r.stdout + r.err.join('\n')).toBe(EXIT.ok);
    expect(r.stdout).toContain(`pinned weather to certificate ${bundle.certificateId}`);
    expect(r.stdout).toContain(`in ${lockFile}`);
    const [pin] = readLock().pins;
    expect(pin).toMatchObject({
      path: 'weather',
      certificateId: bundle.certificateId,
      payloadHash: bundle.payloadHash,
      skillHash: skillHash(SKILL_MD),
      codeHash: null,
      issuer: bundle.issuer,
      verdict: 'APPROVED',
      auditedAt: bundle.snapshot.certificateIssuedAt,
      bundle,
    });
    // Again: the entry is replaced, not added twice.
    expect((await add()).stdout).toContain('updated weather');
    // Never inside the pinned folder: the engine would read the verdicts in it at the next validate.
    const inside = await sigma(['pin', 'add', bundle.certificateId, '--dir', skillDir, '--lock', join(skillDir, 'sigma.lock.json')], env());
    expect(inside.code).toBe(EXIT.usage);
    expect(inside.err.join('\n')).toContain('SIGMA_E_PIN_LOCK_INVALID');
    expect(readLock().pins).toHaveLength(1);
  });

  it('refuses a folder that is not what was certified (1), a certificate not valid (5), a bundle the issuer did not sign (4)', async () => {
    writeFileSync(join(skillDir, 'SKILL.md'), SKILL_MD.replace('weather', 'climate'));
    const changed = await add();
    expect(changed.code).toBe(EXIT.failed);
    expect(changed.stdout).toMatch(/not pinned: .* is not what certificate/);
    expect(changed.stdout).toContain('SIGMA_E_PIN_CONTENT_MISMATCH');
    writeFileSync(join(skillDir, 'SKILL.md'), SKILL_MD);
    serve({ ...bundle, exported: { ...bundle.exported, status: 'SUSPENDED', valid: false, invalidReasons: ['status is SUSPENDED'] } });
    expect((await add()).code).toBe(EXIT.pinNotValid);
    serve(bundle, '0x0000000000000000000000000000000000000001');
    const forged = await add();
    expect(forged.code).toBe(EXIT.pinSignature);
    expect(forged.stdout).toContain('SIGMA_E_VERIFY_ISSUER_MISMATCH');
    expect(existsSync(lockFile)).toBe(false);
    expect((await sigma(['pin', 'add', 'f'.repeat(24), '--dir', skillDir, '--lock', join(root, 'new.lock.json')], env())).code).toBe(EXIT.api);
  });
});

describe('sigma pin check', () => {
  beforeEach(async () => {
    expect((await add()).code).toBe(EXIT.ok);
  });

  it('passes on the pinned content: signature offline, local hashes, live status', async () => {
    const r = await check();
    expect(r.code, r.stdout).toBe(EXIT.ok);
    expect(r.stdout).toMatch(/✔ signature\s+bundle verifies offline against the pinned issuer/);
    expect(r.stdout).toMatch(/✔ content\s+SKILL.md matches skillHash/);
    expect(r.stdout).toMatch(/✔ live\s+APPROVED and valid/);
    expect(r.out.at(-1)).toBe('result: OK');
    expect(fake.requests(`GET /api/v1/public/certificates/${bundle.certificateId}/live-status`)).toHaveLength(1);
  });

  it('one changed byte of the skill fails with exit 1 and says which file', async () => {
    writeFileSync(join(skillDir, 'SKILL.md'), SKILL_MD.replace('weather.', 'weather!'));
    const r = await check('--json');
    expect(r.code).toBe(EXIT.failed);
    const out = r.json<{ ok: boolean; exitCode: number; pins: Array<{ checks: Array<{ name: string; ok: boolean; code?: string; detail: string }> }> }>();
    expect(out).toMatchObject({ ok: false, exitCode: EXIT.failed });
    expect(out.pins[0]!.checks.find((c) => c.name === 'content')).toMatchObject({
      ok: false,
      code: 'SIGMA_E_PIN_CONTENT_MISMATCH',
      detail: expect.stringMatching(/^SKILL.md hashes to/),
    });
  });

  it('a suspended (or unknown) certificate fails with exit 5', async () => {
    live = { status: 'SUSPENDED', valid: false, invalidReasons: ['status is SUSPENDED'] };
    const r = await check();
    expect(r.code).toBe(EXIT.pinNotValid);
    expect(r.stdout).toMatch(/✘ live\s+SUSPENDED, not valid: status is SUSPENDED \(SIGMA_E_PIN_CERTIFICATE_NOT_VALID\)/);
    fake.on('GET /api/v1/public/certificates/:id/live-status', () => apiError('SIGMA_E_CERTIFICATE_NOT_FOUND'));
    expect((await check()).code).toBe(EXIT.pinNotValid);
  });

  it('a signature that does not match the pinned issuer fails with exit 4, before anything else', async () => {
    const other = await signedBundle(OTHER_KEY, bundle.snapshot);
    editLock((l) => (l.pins[0]!.bundle = { ...bundle, signature: other.signature }));
    const swapped = await check();
    expect(swapped.code).toBe(EXIT.pinSignature);
    expect(swapped.stdout).toMatch(/✘ signature/);
    expect(swapped.stdout).toContain('SIGMA_E_VERIFY_SIGNATURE_INVALID');
    // A whole bundle re-signed by another key, with the entry's issuer changed to match: the pinned issuer is given by CI.
    editLock((l) => Object.assign(l.pins[0]!, { bundle: other, issuer: other.issuer }));
    expect((await check('--issuer', bundle.issuer)).code).toBe(EXIT.pinSignature);
    // An entry edited to name other content (the content check uses the signed snapshot, not the entry).
    expect((await add()).code).toBe(EXIT.ok);
    editLock((l) => (l.pins[0]!.skillHash = 'ff'.repeat(32)));
    const edited = await check();
    expect(edited.code).toBe(EXIT.pinSignature);
    expect(edited.stdout).toMatch(/✘ {3}lock\s+the entry's skillHash differ from its signed bundle/);
  });

  it('the service rotating to another issuer fails the pin (exit 4)', async () => {
    serve(bundle, '0x0000000000000000000000000000000000000001');
    const r = await check();
    expect(r.code).toBe(EXIT.pinSignature);
    expect(r.stdout).toContain('the service now signs as 0x0000000000000000000000000000000000000001');
  });

  it('says when the service cannot be reached: exit 0, or 3 with --require-live; --offline asks nothing', async () => {
    const down = await sigma(['pin', 'check', '--dir', skillsDir], { SIGMA_API_URL: UNREACHABLE });
    expect(down.code, down.stdout).toBe(EXIT.ok);
    expect(down.out[0]).toMatch(/the service is not reachable .*live status not checked \(--require-live makes this exit 3\)/);
    expect(down.stdout).toMatch(/! live\s+live status not checked/);
    expect((await sigma(['pin', 'check', '--dir', skillsDir, '--require-live'], { SIGMA_API_URL: UNREACHABLE })).code).toBe(EXIT.api);
    fake.reset();
    const offline = await check('--offline');
    expect(offline.code).toBe(EXIT.ok);
    expect(offline.out[0]).toContain('live status not asked (--offline)');
    expect(fake.seen).toEqual([]);
  });

  it('a missing, malformed or empty lock is bad input: exit 2, SIGMA_E_PIN_LOCK_INVALID', async () => {
    for (const text of [null, 'not json', JSON.stringify({ lockfileVersion: 2, pins: [] }), JSON.stringify({ lockfileVersion: 1, service: null, pins: [] })]) {
      const file = join(root, 'bad.lock.json');
      if (text !== null) writeFileSync(file, text);
      const r = await sigma(['pin', 'check', '--lock', text === null ? join(root, 'none.json') : file], env());
      expect(r.code, String(text)).toBe(EXIT.usage);
      expect(r.err.join('\n')).toContain('SIGMA_E_PIN_LOCK_INVALID');
    }
  });
});

describe('pins of code: codeHash over the folder', () => {
  it('recomputes codeHash over every file but the lock, and an added file fails', async () => {
    const dir = join(root, 'tool');
    mkdirSync(join(dir, 'src'), { recursive: true });
    const files = [
      { path: 'SKILL.md', content: SKILL_MD },
      { path: 'src/index.js', content: 'export const x = 1;\r\n' },
    ];
    for (const f of files) writeFileSync(join(dir, f.path), f.content);
    const code = await signedBundle(KEY, sampleSnapshot({ productType: 'CODE', skillHash: skillHash(SKILL_MD), codeHash: codeHash(files) }));
    serve(code);
    const lock = join(root, 'sigma.lock.json');
    expect((await sigma(['pin', 'add', code.certificateId, '--dir', dir], env())).code).toBe(EXIT.ok);
    const pinned = await sigma(['pin', 'check', '--dir', root], env());
    expect(pinned.code, pinned.stdout).toBe(EXIT.ok);
    expect(pinned.stdout).toMatch(/✔ content\s+2 file\(s\) match codeHash/);
    // A lock elsewhere names the folder by its path from the lock.
    const other = join(root, 'ci', 'sigma.lock.json');
    mkdirSync(join(root, 'ci'), { recursive: true });
    expect((await sigma(['pin', 'add', code.certificateId, '--dir', dir, '--lock', other], env())).code).toBe(EXIT.ok);
    expect((JSON.parse(readFileSync(other, 'utf8')) as PinLock).pins.map((p) => p.path)).toEqual(['../tool']);
    expect((JSON.parse(readFileSync(lock, 'utf8')) as PinLock).pins.map((p) => p.path)).toEqual(['tool']);
    writeFileSync(join(dir, 'src', 'extra.js'), '');
    const r = await sigma(['pin', 'check', '--lock', lock], env());
    expect(r.code).toBe(EXIT.failed);
    expect(r.stdout).toMatch(/✘ content\s+the 3 file\(s\) hash to/);
  });
});
