/** Model provider configuration: the secret wrapper for API keys and the providers read from the environment. */
import { z } from 'zod';
import { SigmaError } from '@sigma/core';
import { PROVIDER_NAME, type Env } from './config-env.js';

const RESERVED_PROVIDERS = new Set(['offline', 'self-hosted']);

/**
 * A secret from the environment (API keys). It never appears in JSON, logs or inspection output;
 * only `reveal()` gives the value, and only the code that sends it to its endpoint calls that.
 */
export class SecretValue {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toJSON(): string {
    return '[redacted]';
  }
  toString(): string {
    return '[redacted]';
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return '[redacted]';
  }
}

export interface ModelProviderConfig {
  /** The provider name validators are assigned to (`modelProvider`). */
  name: string;
  /** Base URL of the OpenAI-compatible API, including `/v1` (e.g. https://openrouter.ai/api/v1). */
  baseUrl: string;
  apiKey: SecretValue | null;
  /** `json_schema`: ask for strict structured output; `none`: plain text, JSON extracted from the answer. */
  structuredOutput: 'json_schema' | 'none';
}

function configError(field: string, message: string): SigmaError {
  return new SigmaError('SIGMA_E_CONFIG_INVALID', `Invalid configuration ${field}: ${message}`, { field });
}

/**
 * Model providers: `SIGMA_MODEL_BASE_URL` (+ `SIGMA_MODEL_API_KEY`, name `SIGMA_MODEL_PROVIDER`) for one
 * endpoint, and/or `SIGMA_MODEL_PROVIDERS=a,b` with `SIGMA_MODEL_<A>_BASE_URL`, `SIGMA_MODEL_<A>_API_KEY`,
 * `SIGMA_MODEL_<A>_STRUCTURED_OUTPUT` per name (upper case, `-` as `_`).
 */
export function modelProviders(e: Env, env: Record<string, string | undefined>): ModelProviderConfig[] {
  const out: ModelProviderConfig[] = [];
  const add = (p: ModelProviderConfig, field: string) => {
    if (RESERVED_PROVIDERS.has(p.name)) throw configError(field, `provider name "${p.name}" is reserved`);
    if (out.some((x) => x.name === p.name)) throw configError(field, `provider "${p.name}" is configured twice`);
    out.push(p);
  };
  if (e.SIGMA_MODEL_API_KEY && !e.SIGMA_MODEL_BASE_URL)
    throw configError('SIGMA_MODEL_BASE_URL', 'SIGMA_MODEL_API_KEY is set but no SIGMA_MODEL_BASE_URL says where to send it');
  if (e.SIGMA_MODEL_BASE_URL) {
    add(
      {
        name: e.SIGMA_MODEL_PROVIDER,
        baseUrl: e.SIGMA_MODEL_BASE_URL,
        apiKey: e.SIGMA_MODEL_API_KEY ? new SecretValue(e.SIGMA_MODEL_API_KEY) : null,
        structuredOutput: e.SIGMA_MODEL_STRUCTURED_OUTPUT,
      },
      'SIGMA_MODEL_PROVIDER',
    );
  }
  for (const raw of (e.SIGMA_MODEL_PROVIDERS ?? '').split(',')) {
    const name = raw.trim();
    if (!name) continue;
    if (!PROVIDER_NAME.test(name)) throw configError('SIGMA_MODEL_PROVIDERS', `"${name}" is not a provider name (a-z, 0-9, -)`);
    const key = `SIGMA_MODEL_${name.toUpperCase().replace(/-/g, '_')}`;
    const baseUrl = env[`${key}_BASE_URL`];
    if (!baseUrl || !z.string().url().safeParse(baseUrl).success) throw configError(`${key}_BASE_URL`, 'a URL is required');
    const so = env[`${key}_STRUCTURED_OUTPUT`] || 'json_schema';
    if (so !== 'json_schema' && so !== 'none') throw configError(`${key}_STRUCTURED_OUTPUT`, 'must be json_schema or none');
    const apiKey = env[`${key}_API_KEY`];
    add({ name, baseUrl, apiKey: apiKey ? new SecretValue(apiKey) : null, structuredOutput: so }, 'SIGMA_MODEL_PROVIDERS');
  }
  return out;
}
