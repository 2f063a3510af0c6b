import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiError, DEV_KEY, FakeApi, sigma, UNREACHABLE } from '../test/fake-api.js';
import { api } from './api.js';
import { CliError, EXIT, resolveConfig } from './config.js';

let fake: FakeApi;
beforeAll(async () => {
  fake = await FakeApi.start();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

describe('sigma: commands and arguments', () => {
  it('lists its commands with --help and exits 0', async () => {
    const r = await sigma(['--help']);
    expect(r.code).toBe(EXIT.ok);
    for (const c of ['validate', 'submit', 'credits', 'status', 'certificate']) expect(r.stdout).toContain(c);
    const sub = await sigma(['submit', '--help']);
    expect(sub.code).toBe(EXIT.ok);
    expect(sub.stdout).toMatch(/--category <category>.*choices: "SKILL"/s);
  });

  it('exits 2 for an unknown command, a missing argument or an unknown option, without a request', async () => {
    const env = { SIGMA_API_URL: fake.url, SIGMA_API_KEY: DEV_KEY };
    const unknown = await sigma(['frobnicate'], env);
    expect(unknown.code).toBe(EXIT.usage);
    expect(unknown.err.join('\n')).toMatch(/unknown command 'frobnicate'/);
    expect((await sigma(['status'], env)).code).toBe(EXIT.usage);
    expect((await sigma(['certificate'], env)).code).toBe(EXIT.usage);
    expect((await sigma(['status', 'abc', '--colour'], env)).code).toBe(EXIT.usage);
    expect(fake.seen).toEqual([]);
  });

  it('checks option values while parsing: counts, timeouts, categories and payment methods', async () => {
    const env = { SIGMA_API_URL: fake.url, SIGMA_API_KEY: DEV_KEY };
    for (const argv of [
      ['credits', '--limit', 'ten'],
      ['credits', '--limit', '0'],
      ['credits', '--limit', '201'],
      ['status', 'abc', '--watch', '--timeout', 'soon'],
      ['submit', '.', '--category', 'SPREADSHEET'],
      ['submit', '.', '--pay', 'cash'],
      ['submit', '.', '--pay', 'voucher:'],
      ['validate', '.', '--format', 'xml'],
    ]) {
      const r = await sigma(argv, env);
      expect(r.code, argv.join(' ')).toBe(EXIT.usage);
      expect(r.err.join('\n'), argv.join(' ')).toMatch(/error: /);
    }
    expect(fake.seen).toEqual([]);
  });
});

describe('configuration', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sigma-cli-config-'));
  const file = join(dir, 'config.json');
  writeFileSync(file, JSON.stringify({ apiUrl: 'http://from-file.example/', apiKey: 'sigma_dk_file' }));

  it('takes flags over the environment over the config file, and drops trailing slashes', () => {
    expect(resolveConfig({}, { SIGMA_CONFIG: file })).toEqual({ apiUrl: 'http://from-file.example', apiKey: 'sigma_dk_file' });
    expect(resolveConfig({}, { SIGMA_CONFIG: file, SIGMA_API_URL: 'http://env.example//', SIGMA_API_KEY: 'sigma_dk_env' })).toEqual({
      apiUrl: 'http://env.example',
      apiKey: 'sigma_dk_env',
    });
    expect(resolveConfig({ apiUrl: 'http://flag.example', apiKey: 'sigma_dk_flag' }, { SIGMA_CONFIG: file, SIGMA_API_URL: 'http://env.example' })).toEqual({
      apiUrl: 'http://flag.example',
      apiKey: 'sigma_dk_flag',
    });
    expect(resolveConfig({}, { SIGMA_CONFIG: join(dir, 'none.json') })).toEqual({ apiUrl: 'http://127.0.0.1:4600', apiKey: undefined });
  });

  it('refuses a config file that is not JSON with exit 2', async () => {
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{ not json');
    expect(() => resolveConfig({}, { SIGMA_CONFIG: broken })).toThrow(CliError);
    const r = await sigma(['credits'], { SIGMA_CONFIG: broken });
    expect(r.code).toBe(EXIT.usage);
    expect(r.err.join('\n')).toContain('cannot parse the config file');
  });

  it('sends the key from the config file, and --api-url / --api-key override it', async () => {
    fake.dev('GET /api/v1/dev/credits', () => ({ body: { credits: 1, usdcEquivalent: '0.01', creditsPerUsdc: 100, history: [] } }));
    const cfg = join(dir, 'dev.json');
    writeFileSync(cfg, JSON.stringify({ apiUrl: UNREACHABLE, apiKey: 'sigma_dk_wrong' }));
    const r = await sigma(['--api-url', fake.url, '--api-key', DEV_KEY, 'credits'], { SIGMA_CONFIG: cfg });
    expect(r.code).toBe(EXIT.ok);
    expect(fake.seen[0]!.headers.authorization).toBe(`Bearer ${DEV_KEY}`);
  });
});

describe('the API client', () => {
  const cfg = () => ({ apiUrl: fake.url, apiKey: DEV_KEY });
  const failure = (p: Promise<unknown>) =>
    p.then(
      () => null,
      (e: unknown) => e as CliError,
    );

  it('maps answers to stable exit codes: bad input 2, everything else the API says 3, with the catalogue code', async () => {
    fake.on('GET /bad', () => apiError('SIGMA_E_REQUEST_INVALID', 'limit: too big', { field: 'limit' }));
    fake.on('GET /big', () => ({ status: 413, body: { error: { code: 'SIGMA_E_UPLOAD_TOO_LARGE', message: 'too large' } } }));
    fake.on('GET /gone', () => apiError('SIGMA_E_SUBMISSION_NOT_FOUND'));
    fake.on('GET /down', () => ({ status: 503, raw: 'maintenance' }));
    fake.on('GET /html', () => ({ status: 200, raw: '<html>' }));
    const bad = await failure(api(cfg(), '/bad'));
    expect(bad).toMatchObject({ exitCode: EXIT.usage, code: 'SIGMA_E_REQUEST_INVALID' });
    expect(bad!.message).toBe('SIGMA_E_REQUEST_INVALID: limit: too big (field limit)');
    expect(await failure(api(cfg(), '/big'))).toMatchObject({ exitCode: EXIT.usage, code: 'SIGMA_E_UPLOAD_TOO_LARGE' });
    expect(await failure(api(cfg(), '/gone'))).toMatchObject({ exitCode: EXIT.api, code: 'SIGMA_E_SUBMISSION_NOT_FOUND' });
    expect(await failure(api(cfg(), '/down'))).toMatchObject({ exitCode: EXIT.api });
    expect(await failure(api(cfg(), '/html'))).toMatchObject({ exitCode: EXIT.api, message: expect.stringContaining('not JSON') });
    expect(await failure(api({ apiUrl: UNREACHABLE }, '/x'))).toMatchObject({ exitCode: EXIT.api, message: expect.stringContaining('cannot reach') });
  });

  it('needs a key for authenticated calls (exit 2, nothing sent) and sends it as a bearer token', async () => {
    expect(await failure(api({ apiUrl: fake.url }, '/x', { auth: true }))).toMatchObject({ exitCode: EXIT.usage });
    expect(fake.seen).toEqual([]);
    fake.on('POST /echo', (req) => ({ body: { got: req.body, auth: req.headers.authorization, type: req.headers['content-type'] } }));
    expect(await api(cfg(), '/echo', { method: 'POST', body: { a: 1 }, auth: true })).toEqual({
      got: { a: 1 },
      auth: `Bearer ${DEV_KEY}`,
      type: 'application/json',
    });
  });
});
