import { describe, expect, it } from 'vitest';
import { costMicroUsd, deriveFamily, loadBundledCatalogue, usdPerTokenToMicroPerMTok } from './catalogue.js';

describe('model catalogue', () => {
  it('the bundled file is valid, dated, has unique ids and families that match the derivation', () => {
    const c = loadBundledCatalogue();
    expect(c.pricesAsOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const ids = c.models.map((m) => `${m.provider}:${m.modelId}`);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of ['openai', 'openrouter', 'anthropic', 'mistral', 'ollama', 'offline']) expect(c.models.some((m) => m.provider === p)).toBe(true);
    for (const f of ['gpt', 'claude', 'llama', 'qwen', 'mistral']) expect(c.models.some((m) => m.family === f)).toBe(true);
    for (const m of c.models) expect(deriveFamily(m.modelId)).toBe(m.family);
  });

  it('derives families for ids it has never seen', () => {
    expect(deriveFamily('openai/gpt-5-turbo-2099')).toBe('gpt');
    expect(deriveFamily('o3')).toBe('gpt');
    expect(deriveFamily('anthropic/claude-haiku-9')).toBe('claude');
    expect(deriveFamily('meta-llama/Llama-4-Maverick-17B')).toBe('llama');
    expect(deriveFamily('hf.co/bartowski/Qwen3-30B-GGUF:Q4_K_M')).toBe('qwen');
    expect(deriveFamily('mixtral-8x22b')).toBe('mistral');
    expect(deriveFamily('codestral-latest')).toBe('mistral');
    expect(deriveFamily('google/gemma-3-27b-it')).toBe('gemma');
    expect(deriveFamily('microsoft/phi-4')).toBe('phi');
    expect(deriveFamily('acme-labs/frobnicator-7b')).toBe('acme-labs');
    expect(deriveFamily('granite3.1-dense:8b')).toBe('granite');
    expect(deriveFamily('sigma-injection/strict')).toBe('sigma-injection');
  });

  it('computes cost in integer micro-USD, rounded half up once per call', () => {
    const gpt4o = { inPerMTok: 2_500_000, outPerMTok: 10_000_000 };
    expect(costMicroUsd(1_000_000, 0, gpt4o)).toBe(2_500_000);
    expect(costMicroUsd(1200, 350, gpt4o)).toBe(3000 + 3500);
    expect(costMicroUsd(1, 0, { inPerMTok: 150_000, outPerMTok: 600_000 })).toBe(0); // 0.15 µUSD
    expect(costMicroUsd(4, 0, { inPerMTok: 150_000, outPerMTok: 600_000 })).toBe(1); // 0.6 µUSD → 1
    expect(costMicroUsd(0, 0, gpt4o)).toBe(0);
    // big numbers stay exact (bigint arithmetic)
    expect(costMicroUsd(2_000_000_000, 2_000_000_000, { inPerMTok: 75_000_000, outPerMTok: 75_000_000 })).toBe(300_000_000_000);
  });

  it('reads OpenRouter per-token prices exactly', () => {
    expect(usdPerTokenToMicroPerMTok('0.0000025')).toBe(2_500_000);
    expect(usdPerTokenToMicroPerMTok('0.00000015')).toBe(150_000);
    expect(usdPerTokenToMicroPerMTok('0')).toBe(0);
    expect(usdPerTokenToMicroPerMTok('1.5e-7')).toBe(150_000);
    expect(usdPerTokenToMicroPerMTok('-1')).toBeNull();
    expect(usdPerTokenToMicroPerMTok('free')).toBeNull();
    expect(usdPerTokenToMicroPerMTok(undefined)).toBeNull();
  });
});
