import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiError, DEV_KEY, FakeApi, sigma } from '../../test/fake-api.js';
import { EXIT } from '../config.js';

const ID = 'b'.repeat(24);
const view = (status: string, extra: Record<string, unknown> = {}) => ({
  submissionId: ID,
  status,
  productType: 'SKILL',
  skillName: 'unit-converter',
  certificateId: null,
  devNotes: '',
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:01:00.000Z',
  evidenceSummary: null,
  reasons: [],
  timeline: [{ at: '2026-11-01T00:00:00.000Z', status: 'SUBMITTED', message: 'Submitted.', data: null }],
  ...extra,
});

let fake: FakeApi;
beforeAll(async () => {
  fake = await FakeApi.start();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());
const env = () => ({ SIGMA_API_URL: fake.url, SIGMA_API_KEY: DEV_KEY });

describe('sigma status', () => {
  it('prints the status line, the certificate and the timeline; exit 0 for APPROVED', async () => {
    fake.dev('GET /api/v1/dev/submissions/:id', () => ({ body: view('APPROVED', { certificateId: 'c'.repeat(24) }) }));
    const r = await sigma(['status', ID], env());
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toEqual([`${ID}  APPROVED  unit-converter`, `certificate ${'c'.repeat(24)}`, '  2026-11-01T00:00:00.000Z  Submitted.']);
  });

  it('exit 1 for REJECTED, with each reason, where and how to fix it', async () => {
    fake.dev('GET /api/v1/dev/submissions/:id', () => ({
      body: view('REJECTED', {
        reasons: [
          { code: 'EXEC_PIPE_TO_SHELL', message: 'Pipes a download into a shell.', file: 'SKILL.md', line: 12, remediation: 'Ship the script instead.' },
        ],
      }),
    }));
    const r = await sigma(['status', ID], env());
    expect(r.code).toBe(EXIT.failed);
    expect(r.out).toContain('  reason EXEC_PIPE_TO_SHELL: Pipes a download into a shell. (SKILL.md:12)');
    expect(r.out).toContain('    fix: Ship the script instead.');
  });

  it('--json prints the API view; a submission still in review exits 0', async () => {
    fake.dev('GET /api/v1/dev/submissions/:id', () => ({ body: view('IN_AUDIT') }));
    const r = await sigma(['status', ID, '--json'], env());
    expect(r.code).toBe(EXIT.ok);
    expect(r.json()).toEqual(view('IN_AUDIT'));
  });

  it('an unknown id is the API error with its code (exit 3); the id is sent encoded', async () => {
    fake.dev('GET /api/v1/dev/submissions/:id', () => apiError('SIGMA_E_SUBMISSION_NOT_FOUND'));
    const r = await sigma(['status', 'x/../y'], env());
    expect(r.code).toBe(EXIT.api);
    expect(r.err.join('\n')).toContain('SIGMA_E_SUBMISSION_NOT_FOUND');
    expect(fake.seen[0]!.path).toBe('/api/v1/dev/submissions/x%2F..%2Fy');
  });

  it('--watch follows until decided, printing each timeline event once', async () => {
    const steps = [
      view('SANDBOX'),
      view('IN_AUDIT', { timeline: [...view('x').timeline, { at: '2026-11-01T00:00:05.000Z', status: 'IN_AUDIT', message: 'Phase 1 drawn.', data: null }] }),
      view('REJECTED', {
        timeline: [
          ...view('x').timeline,
          { at: '2026-11-01T00:00:05.000Z', status: 'IN_AUDIT', message: 'Phase 1 drawn.', data: null },
          { at: '2026-11-01T00:00:09.000Z', status: 'REJECTED', message: 'Rejected by the council.', data: null },
        ],
      }),
    ];
    let n = 0;
    fake.dev('GET /api/v1/dev/submissions/:id', () => ({ body: steps[Math.min(n++, steps.length - 1)] }));
    const r = await sigma(['status', ID, '--watch'], env());
    expect(r.code).toBe(EXIT.failed);
    expect(r.out).toEqual([
      '  2026-11-01T00:00:00.000Z  Submitted.',
      '  2026-11-01T00:00:05.000Z  Phase 1 drawn.',
      '  2026-11-01T00:00:09.000Z  Rejected by the council.',
      `${ID}  REJECTED  unit-converter`,
    ]);
    expect(n).toBe(3);
  });

  it('--watch --json prints only the final view; --timeout gives up with exit 3', async () => {
    fake.dev('GET /api/v1/dev/submissions/:id', () => ({ body: view('IN_AUDIT') }));
    const started = Date.now();
    const r = await sigma(['status', ID, '--watch', '--json', '--timeout', '1'], env());
    expect(r.code).toBe(EXIT.api);
    expect(r.out.filter(Boolean)).toEqual([]);
    expect(r.err.join('\n')).toContain('still IN_AUDIT after 1 s');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
