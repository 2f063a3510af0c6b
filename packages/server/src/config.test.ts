import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { SigmaError } from '@sigma/core';
import { loadConfig } from './config.js';

const base = { SIGMA_DATA_DIR: '/tmp/sigma-config-test' };
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err instanceof SigmaError ? `${err.code}:${err.field ?? ''}` : String(err);
  }
  return 'ok';
};

describe('model provider configuration', () => {
  it('one endpoint from SIGMA_MODEL_BASE_URL, several from SIGMA_MODEL_PROVIDERS', () => {
    const c = loadConfig({
      ...base,
      SIGMA_MODEL_BASE_URL: 'https://openrouter.ai/api/v1',
      SIGMA_MODEL_API_KEY: 'sk-or-very-secret',
      SIGMA_MODEL_PROVIDER: 'openrouter',
      SIGMA_MODEL_PROVIDERS: 'ollama, vllm-box',
      SIGMA_MODEL_OLLAMA_BASE_URL: 'http://127.0.0.1:11434/v1',
      SIGMA_MODEL_OLLAMA_STRUCTURED_OUTPUT: 'none',
      SIGMA_MODEL_VLLM_BOX_BASE_URL: 'http://10.0.0.5:8000/v1',
      SIGMA_MODEL_VLLM_BOX_API_KEY: 'vllm-token',
    });
    expect(c.models.providers.map((p) => [p.name, p.baseUrl, p.structuredOutput, p.apiKey?.reveal() ?? null])).toEqual([
      ['openrouter', 'https://openrouter.ai/api/v1', 'json_schema', 'sk-or-very-secret'],
      ['ollama', 'http://127.0.0.1:11434/v1', 'none', null],
      ['vllm-box', 'http://10.0.0.5:8000/v1', 'json_schema', 'vllm-token'],
    ]);
    expect(c.selfHosted).toEqual({ commitWindowSeconds: 900, revealWindowSeconds: 900 });
  });

  it('API keys never show in JSON, string or inspection output', () => {
    const c = loadConfig({ ...base, SIGMA_MODEL_BASE_URL: 'http://127.0.0.1:1/v1', SIGMA_MODEL_API_KEY: 'sk-hidden-123' });
    expect(JSON.stringify(c)).not.toContain('sk-hidden-123');
    expect(inspect(c, { depth: 10 })).not.toContain('sk-hidden-123');
    expect(`${c.models.providers[0]!.apiKey}`).toBe('[redacted]');
  });

  it('refuses incomplete or clashing provider settings', () => {
    expect(codeOf(() => loadConfig({ ...base, SIGMA_MODEL_PROVIDERS: 'ollama' }))).toBe('SIGMA_E_CONFIG_INVALID:SIGMA_MODEL_OLLAMA_BASE_URL');
    expect(codeOf(() => loadConfig({ ...base, SIGMA_MODEL_PROVIDERS: 'offline', SIGMA_MODEL_OFFLINE_BASE_URL: 'http://x/v1' }))).toBe(
      'SIGMA_E_CONFIG_INVALID:SIGMA_MODEL_PROVIDERS',
    );
    expect(codeOf(() => loadConfig({ ...base, SIGMA_MODEL_PROVIDERS: 'Bad_Name' }))).toBe('SIGMA_E_CONFIG_INVALID:SIGMA_MODEL_PROVIDERS');
    expect(codeOf(() => loadConfig({ ...base, SIGMA_MODEL_API_KEY: 'sk-x' }))).toBe('SIGMA_E_CONFIG_INVALID:SIGMA_MODEL_BASE_URL');
    expect(
      codeOf(() =>
        loadConfig({
          ...base,
          SIGMA_MODEL_BASE_URL: 'http://a/v1',
          SIGMA_MODEL_PROVIDER: 'x',
          SIGMA_MODEL_PROVIDERS: 'x',
          SIGMA_MODEL_X_BASE_URL: 'http://b/v1',
        }),
      ),
    ).toBe('SIGMA_E_CONFIG_INVALID:SIGMA_MODEL_PROVIDERS');
    expect(
      codeOf(() => loadConfig({ ...base, SIGMA_MODEL_PROVIDERS: 'x', SIGMA_MODEL_X_BASE_URL: 'http://b/v1', SIGMA_MODEL_X_STRUCTURED_OUTPUT: 'tools' })),
    ).toBe('SIGMA_E_CONFIG_INVALID:SIGMA_MODEL_X_STRUCTURED_OUTPUT');
  });
});

describe('endpoint probe configuration', () => {
  it('reads the allow-list and refuses an entry it cannot read (never widened or dropped)', () => {
    const c = loadConfig({ ...base, SIGMA_PROBE_ALLOW_LIST: '127.0.0.1:8080, 10.1.0.0/16', SIGMA_PROBE_TIMEOUT_MS: '3000' });
    expect(c.probe).toEqual({ mode: 'on', allowList: ['127.0.0.1:8080', '10.1.0.0/16'], timeoutMs: 3000 });
    expect(loadConfig(base).probe).toEqual({ mode: 'on', allowList: [], timeoutMs: 15_000 });
    expect(codeOf(() => loadConfig({ ...base, SIGMA_PROBE_ALLOW_LIST: '10.0.0.0/99' }))).toBe('SIGMA_E_CONFIG_INVALID:SIGMA_PROBE_ALLOW_LIST');
    expect(codeOf(() => loadConfig({ ...base, SIGMA_PROBE: 'maybe' }))).toBe('SIGMA_E_CONFIG_INVALID:SIGMA_PROBE');
  });
});
