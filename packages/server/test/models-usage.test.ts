import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId24 } from '@sigma/core';
import { auditLog, llmCalls, modelCatalogue } from '../src/db/schema/index.js';
import { runModelsSync } from '../src/models/sync.js';
import { startTestServer, TEST_OPERATOR, waitFor, type TestServer } from './harness.js';
import { startModelStub, type ModelStub } from './model-stub.js';

/** `models.sync` against loopback /v1/models (OpenRouter-style with prices, and plain OpenAI-style), offline; operator usage. */
let router: ModelStub;
let plain: ModelStub;
let t: TestServer;

beforeAll(async () => {
  router = await startModelStub();
  plain = await startModelStub();
  router.models = [
    // A bundled id with a different live price: the provider's value wins.
    { id: 'openai/gpt-4o', object: 'model', pricing: { prompt: '0.000003', completion: '0.000012' }, context_length: 128000 },
    { id: 'qwen/qwen3-235b-a22b', object: 'model', pricing: { prompt: '0.00000013', completion: '0.0000006' }, context_length: 40960 },
    { id: 'openrouter/auto', object: 'model', pricing: { prompt: '-1', completion: '-1' } },
  ];
  plain.models = [
    { id: 'gpt-4o-mini', object: 'model', owned_by: 'openai' },
    { id: 'acme/frobnicator-9b', object: 'model', owned_by: 'acme' },
    { id: 'mixtral-8x7b-instruct', object: 'model', owned_by: 'mistral' },
  ];
  t = await startTestServer({
    env: {
      SIGMA_SEED_VALIDATORS: '0',
      SIGMA_MODEL_PROVIDERS: 'openrouter,plain',
      SIGMA_MODEL_OPENROUTER_BASE_URL: router.baseUrl,
      SIGMA_MODEL_OPENROUTER_API_KEY: 'sk-or-test',
      SIGMA_MODEL_PLAIN_BASE_URL: plain.baseUrl,
    },
  });
});
afterAll(async () => {
  await t?.close();
  await router?.close();
  await plain?.close();
});

const row = async (id: string) => (await t.s.db.select().from(modelCatalogue).where(eq(modelCatalogue.id, id)))[0];
const opToken = async () => (await t.app.inject({ method: 'POST', url: '/api/v1/operator/auth/login', payload: TEST_OPERATOR })).json().token as string;

describe('models.sync', () => {
  it('runs once when the workers start, and is scheduled', async () => {
    await waitFor(async () => (await row('openrouter:qwen/qwen3-235b-a22b')) ?? null, 30_000);
    expect(router.requests.some((r) => r.method === 'GET' && r.path === '/v1/models' && r.headers.authorization === 'Bearer sk-or-test')).toBe(true);
    const schedules = await t.s.queue.boss.getSchedules('models.sync');
    expect(schedules).toHaveLength(1);
    expect(schedules[0]!.cron).toBe(t.s.config.models.syncCron);
  });

  it('takes ids, families and prices from the providers, and the bundled file for what they do not say', async () => {
    const summary = await runModelsSync(t.s);
    expect(summary.providers).toEqual([
      { provider: 'openrouter', models: 3, error: null },
      { provider: 'plain', models: 3, error: null },
    ]);
    expect(summary.bundled).toBeGreaterThan(20);
    expect(summary.pricesAsOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // Provider price beats the bundled one; and bundling again does not undo it.
    expect(await row('openrouter:openai/gpt-4o')).toMatchObject({
      family: 'gpt',
      priceInPerMTok: 3_000_000,
      priceOutPerMTok: 12_000_000,
      source: 'provider',
      contextLength: 128000,
    });
    expect(await row('openrouter:qwen/qwen3-235b-a22b')).toMatchObject({
      family: 'qwen',
      priceInPerMTok: 130_000,
      priceOutPerMTok: 600_000,
      source: 'provider',
    });
    // Negative (variable) prices are unknown: nothing bundled for it, so it is marked unpriced.
    expect(await row('openrouter:openrouter/auto')).toMatchObject({ priceInPerMTok: 0, source: 'provider-unpriced' });
    // No prices in a plain OpenAI list: bundled price of the same id, else derived family and unpriced.
    expect(await row('plain:gpt-4o-mini')).toMatchObject({ family: 'gpt', priceInPerMTok: 150_000, priceOutPerMTok: 600_000, source: 'provider' });
    expect(await row('plain:acme/frobnicator-9b')).toMatchObject({ family: 'acme', priceInPerMTok: 0, source: 'provider-unpriced' });
    expect(await row('plain:mixtral-8x7b-instruct')).toMatchObject({ family: 'mistral', source: 'provider-unpriced' });
    // The bundled catalogue is there for providers that have no list.
    expect(await row('offline:sigma-injection/strict')).toMatchObject({ family: 'sigma-injection', source: 'bundled' });
    expect(await row('anthropic:claude-sonnet-4-20250514')).toMatchObject({ family: 'claude', priceInPerMTok: 3_000_000, source: 'bundled' });
  });

  it('offline: an unreachable provider keeps its rows and is reported; the bundled file still applies', async () => {
    plain.modelsStatus = 503;
    try {
      await t.s.db.delete(modelCatalogue).where(eq(modelCatalogue.id, 'openai:gpt-4o'));
      const summary = await runModelsSync(t.s);
      expect(summary.providers.find((p) => p.provider === 'plain')).toEqual({
        provider: 'plain',
        models: 0,
        error: expect.stringMatching(/plain model list failed: HTTP 503/),
      });
      expect(summary.providers.find((p) => p.provider === 'openrouter')!.error).toBeNull();
      expect(await row('plain:acme/frobnicator-9b')).toBeTruthy();
      expect(await row('openai:gpt-4o')).toMatchObject({ source: 'bundled', priceInPerMTok: 2_500_000 });
    } finally {
      plain.modelsStatus = 200;
    }
  });

  it('operators read the catalogue and can refresh it (audited)', async () => {
    const h = { authorization: `Bearer ${await opToken()}` };
    const list = (await t.app.inject({ url: '/api/v1/operator/models', headers: h })).json().models as Array<{
      provider: string;
      modelId: string;
      configured: boolean;
    }>;
    expect(list.find((m) => m.provider === 'openrouter' && m.modelId === 'openai/gpt-4o')!.configured).toBe(true);
    expect(list.find((m) => m.provider === 'anthropic')!.configured).toBe(false);
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/operator/models/sync', headers: h });
    expect(r.statusCode).toBe(200);
    expect(r.json().providers).toHaveLength(2);
    expect((await t.s.db.select().from(auditLog).where(eq(auditLog.action, 'models.sync'))).length).toBe(1);
  });
});

describe('operator usage API', () => {
  const calls = [
    // day 1
    {
      at: '2026-03-01T10:00:00Z',
      provider: 'openrouter',
      model: 'openai/gpt-4o',
      validatorId: 'v1',
      tokensIn: 1000,
      tokensOut: 100,
      cost: 3700,
      latency: 100,
      status: 'ok',
    },
    {
      at: '2026-03-01T11:00:00Z',
      provider: 'openrouter',
      model: 'openai/gpt-4o',
      validatorId: 'v1',
      tokensIn: 2000,
      tokensOut: 200,
      cost: 7400,
      latency: 200,
      status: 'malformed',
    },
    {
      at: '2026-03-01T23:59:59Z',
      provider: 'plain',
      model: 'gpt-4o-mini',
      validatorId: 'v2',
      tokensIn: 500,
      tokensOut: 50,
      cost: 105,
      latency: 300,
      status: 'ok',
    },
    // day 2
    {
      at: '2026-03-02T00:00:00Z',
      provider: 'openrouter',
      model: 'openai/gpt-4o',
      validatorId: 'v2',
      tokensIn: 3000,
      tokensOut: 300,
      cost: 11100,
      latency: 400,
      status: 'ok',
    },
    {
      at: '2026-03-02T05:00:00Z',
      provider: 'offline',
      model: 'sigma-injection/strict',
      validatorId: null,
      tokensIn: 10,
      tokensOut: 5,
      cost: 0,
      latency: 1,
      status: 'ok',
    },
    // outside the period
    {
      at: '2026-03-03T00:00:00Z',
      provider: 'openrouter',
      model: 'openai/gpt-4o',
      validatorId: 'v1',
      tokensIn: 99999,
      tokensOut: 9999,
      cost: 999999,
      latency: 9999,
      status: 'ok',
    },
  ];
  beforeAll(async () => {
    for (const c of calls) {
      await t.s.db.insert(llmCalls).values({
        id: newId24(),
        at: new Date(c.at),
        provider: c.provider,
        model: c.model,
        modelFamily: 'x',
        validatorId: c.validatorId,
        roundId: null,
        seatId: null,
        phase: 1,
        purpose: 'verdict',
        status: c.status,
        tokensIn: c.tokensIn,
        tokensOut: c.tokensOut,
        costMicroUsd: c.cost,
        latencyMs: c.latency,
      });
    }
  });
  const usage = async (q: string, token?: string) =>
    t.app.inject({ url: `/api/v1/operator/usage?${q}`, headers: { authorization: `Bearer ${token ?? (await opToken())}` } });
  const period = 'from=2026-03-01&to=2026-03-03';

  it('groups by model: calls, failures, tokens, integer micro-USD cost, latency percentiles; most expensive first', async () => {
    const r = (await usage(`groupBy=model&${period}`)).json();
    expect(r.currency).toBe('micro-USD');
    expect(r.from).toBe('2026-03-01T00:00:00.000Z');
    expect(r.rows.map((x: { key: string }) => x.key)).toEqual(['openrouter:openai/gpt-4o', 'plain:gpt-4o-mini', 'offline:sigma-injection/strict']);
    expect(r.rows[0]).toMatchObject({
      provider: 'openrouter',
      model: 'openai/gpt-4o',
      calls: 3,
      failedCalls: 1,
      tokensIn: 6000,
      tokensOut: 600,
      costMicroUsd: 22200,
      latencyMs: { p50: 200, max: 400 },
    });
    expect(r.rows[0].latencyMs.p95).toBe(380); // percentile_cont over 100, 200, 400
    expect(r.totals).toEqual({ calls: 5, failedCalls: 1, tokensIn: 6510, tokensOut: 655, costMicroUsd: 22305 });
  });

  it('groups by validator (no validator → "(none)") and by UTC day in order', async () => {
    const byV = (await usage(`groupBy=validator&${period}`)).json();
    expect(Object.fromEntries(byV.rows.map((x: { key: string; costMicroUsd: number }) => [x.key, x.costMicroUsd]))).toEqual({
      v1: 11100,
      v2: 11205,
      '(none)': 0,
    });
    const byDay = (await usage(`groupBy=day&${period}`)).json();
    expect(byDay.rows.map((x: { key: string; calls: number; costMicroUsd: number }) => [x.key, x.calls, x.costMicroUsd])).toEqual([
      ['2026-03-01', 3, 11205],
      ['2026-03-02', 2, 11100],
    ]);
  });

  it('validates the period and needs an operator session', async () => {
    expect((await usage('groupBy=model&from=2026-03-03&to=2026-03-01')).json().error.code).toBe('SIGMA_E_REQUEST_INVALID');
    expect((await usage('groupBy=tokens')).statusCode).toBe(400);
    expect((await t.app.inject({ url: '/api/v1/operator/usage' })).json().error.code).toBe('SIGMA_E_AUTH_MISSING');
    expect((await usage('groupBy=model', t.devKey)).json().error.code).toBe('SIGMA_E_AUTH_INVALID');
  });
});
