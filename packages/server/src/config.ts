import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { DEFAULT_LIMITS, SigmaError } from '@sigma/core';

/** A model provider name: also the `modelProvider` of validators and the provider of catalogue rows. */
const PROVIDER_NAME = /^[a-z][a-z0-9-]{0,31}$/;
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

/** Everything configurable, validated once. Nothing else in the server reads process.env. */
const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4600),
  HOST: z.string().default('127.0.0.1'),
  SIGMA_PUBLIC_URL: z.string().url().optional(),
  SIGMA_DATA_DIR: z.string().default('.sigma/data'),
  DATABASE_URL: z.string().optional(),
  SIGMA_DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  SIGMA_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SIGMA_CHAIN: z.enum(['local', 'off', 'rpc']).default('local'),
  SIGMA_RPC_URL: z.string().optional(),
  SIGMA_CHAIN_ID: z.coerce.number().int().positive().optional(),
  SIGMA_CHAIN_KEY_FILE: z.string().optional(),
  SIGMA_CHAIN_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  SIGMA_CHAIN_DEPLOYMENT_FILE: z.string().optional(),
  SIGMA_CHAIN_EXPLORER_URL: z.string().url().optional(),
  SIGMA_ISSUER_KEY_FILE: z.string().optional(),
  SIGMA_SEED_DEV_API_KEY: z
    .string()
    .regex(/^sigma_dk_[A-Za-z0-9_-]{16,}$/, 'must look like sigma_dk_<at least 16 chars>')
    .optional(),
  SIGMA_SEED_DEV_EMAIL: z.string().email().default('dev@sigma.local'),
  SIGMA_SEED_OPERATOR_EMAIL: z.string().email().default('operator@sigma.local'),
  SIGMA_SEED_OPERATOR_PASSWORD: z.string().min(8).optional(),
  SIGMA_OPERATOR_TOTP: z.enum(['required', 'disabled']).default('required'),
  SIGMA_MAX_FILES: z.coerce.number().int().positive().default(DEFAULT_LIMITS.maxFiles),
  SIGMA_MAX_TOTAL_BYTES: z.coerce.number().int().positive().default(DEFAULT_LIMITS.maxTotalBytes),
  SIGMA_MAX_FILE_BYTES: z.coerce.number().int().positive().default(DEFAULT_LIMITS.maxFileBytes),
  SIGMA_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(1024 * 1024),
  SIGMA_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
  /** Request JSON bodies (every plane): deepest nesting and most object keys. */
  SIGMA_JSON_MAX_DEPTH: z.coerce.number().int().min(2).max(1000).default(64),
  SIGMA_JSON_MAX_KEYS: z.coerce.number().int().min(10).max(1_000_000).default(10_000),
  /** How long public certificate reads may be served from memory (0 disables the cache). */
  SIGMA_PUBLIC_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(2000),
  SIGMA_PUBLIC_CACHE_MAX: z.coerce.number().int().min(1).max(10_000_000).default(100_000),
  /** How often buffered certificate view counts are written (a crash loses at most this much). */
  SIGMA_VIEW_FLUSH_MS: z.coerce.number().int().min(100).max(300_000).default(10_000),
  /** Embedded database only: how often tables are checked for VACUUM / ANALYZE (PGlite has no autovacuum). */
  SIGMA_DB_MAINTENANCE_MS: z.coerce.number().int().min(1000).max(86_400_000).default(60_000),
  SIGMA_PANEL_PHASE1: z.coerce.number().int().min(1).max(15).default(3),
  SIGMA_PANEL_PHASE2: z.coerce.number().int().min(0).max(15).default(2),
  SIGMA_PANEL_ESCALATION: z.coerce.number().int().min(0).max(25).default(5),
  SIGMA_CONSENSUS_REJECT_SHARE: z.coerce
    .number()
    .min(0.5)
    .max(1)
    .default(2 / 3),
  SIGMA_CONSENSUS_ESCALATION_SHARE: z.coerce
    .number()
    .min(0.5)
    .max(1)
    .default(4 / 5),
  SIGMA_CONSENSUS_MIN_VOTES: z.coerce.number().int().min(1).default(3),
  SIGMA_CONSENSUS_MISMATCH_TOLERANCE: z.coerce.number().int().min(0).default(0),
  SIGMA_CERT_VALIDITY_DAYS: z.coerce.number().int().positive().default(365),
  /** Share of each fee paid to aligned validators, in basis points (SPEC §5.7: 60%). */
  SIGMA_VALIDATOR_SHARE_BPS: z.coerce.number().int().min(0).max(10_000).default(6000),
  /** Stake slashed with an operator sanction, in basis points. */
  SIGMA_SANCTION_SLASH_BPS: z.coerce.number().int().min(0).max(10_000).default(500),
  SIGMA_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  SIGMA_JOB_HEARTBEAT_SECONDS: z.coerce.number().int().min(10).default(10),
  SIGMA_REVIEW_TIMEOUT_MS: z.coerce.number().int().positive().default(60_000),
  SIGMA_SEED_VALIDATORS: z.coerce.number().int().min(0).max(50).default(12),
  /** Simulated model latency for the offline reviewers (demos, crash tests, benchmarks). */
  SIGMA_OFFLINE_REVIEW_DELAY_MS: z.coerce.number().int().min(0).max(600_000).default(0),
  /** One OpenAI-compatible endpoint (see docs/assemblies.md); several with SIGMA_MODEL_PROVIDERS. */
  SIGMA_MODEL_PROVIDER: z.string().regex(PROVIDER_NAME).default('openai-compatible'),
  SIGMA_MODEL_BASE_URL: z.string().url().optional(),
  SIGMA_MODEL_API_KEY: z.string().optional(),
  SIGMA_MODEL_STRUCTURED_OUTPUT: z.enum(['json_schema', 'none']).default('json_schema'),
  SIGMA_MODEL_PROVIDERS: z.string().optional(),
  /** Cron of the `models.sync` job (it also runs once when the workers start). */
  SIGMA_MODELS_SYNC_CRON: z.string().default('17 * * * *'),
  SIGMA_MODELS_CATALOGUE_FILE: z.string().optional(),
  /** Self-hosted validators: seconds to commit after a seat opens, then seconds to reveal. */
  SIGMA_COMMIT_WINDOW_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 3600)
    .default(900),
  SIGMA_REVEAL_WINDOW_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 3600)
    .default(900),
  /** Payments (docs/payments.md). */
  SIGMA_QUOTE_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(10)
    .max(7 * 86400)
    .default(900),
  SIGMA_INTENT_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(10)
    .max(7 * 86400)
    .default(3600),
  SIGMA_PAYMENT_CONFIRMATIONS: z.coerce.number().int().min(1).max(1000).default(1),
  SIGMA_SEED_DEV_CREDITS: z.coerce.number().int().min(0).default(10_000),
  SIGMA_X402_FACILITATOR_URL: z.string().url().optional(),
  NODE_ENV: z.string().optional(),
  /** Outgoing mail (portal sign-in codes), e.g. smtps://user:pass@mail.example.com:465. Never logged. */
  SIGMA_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  SIGMA_MAIL_FROM: z.string().min(3).max(200).default('SIGMA <no-reply@sigma.local>'),
  /**
   * The development outbox (mail shown in the browser) never exists with SMTP or in production. `auto`:
   * only when listening on a loopback address; `on`: also on other addresses (a shared dev box); `off`: never.
   */
  SIGMA_DEV_OUTBOX: z.enum(['auto', 'on', 'off']).default('auto'),
  /** The built web app (packages/web/dist). */
  SIGMA_WEB_DIST: z.string().optional(),
});

export type Env = z.infer<typeof Env>;

export interface Config {
  port: number;
  host: string;
  publicUrl: string;
  dataDir: string;
  databaseUrl: string | undefined;
  dbPoolMax: number;
  logLevel: Env['SIGMA_LOG_LEVEL'];
  chain: { mode: Env['SIGMA_CHAIN']; rpcUrl?: string; chainId?: number; keyFile?: string; port: number; deploymentFile?: string; explorerUrl?: string };
  issuerKeyFile: string;
  seed: {
    devApiKey?: string;
    devEmail: string;
    operatorEmail: string;
    operatorPassword?: string;
    validators: number;
  };
  operatorTotp: 'required' | 'disabled';
  limits: {
    maxFiles: number;
    maxTotalBytes: number;
    maxFileBytes: number;
    bodyLimitBytes: number;
    ratePerMinute: number;
    jsonMaxDepth: number;
    jsonMaxKeys: number;
  };
  panels: { phase1: number; phase2: number; escalation: number };
  consensus: {
    rejectShare: number;
    escalationShare: number;
    minVotes: number;
    mismatchTolerance: number;
  };
  certValidityDays: number;
  payouts: { validatorShareBps: number; sanctionSlashBps: number };
  publicCacheMs: number;
  publicCacheMax: number;
  viewFlushMs: number;
  dbMaintenanceMs: number;
  worker: { concurrency: number; heartbeatSeconds: number; reviewTimeoutMs: number; offlineReviewDelayMs: number };
  models: { providers: ModelProviderConfig[]; syncCron: string; catalogueFile?: string };
  selfHosted: { commitWindowSeconds: number; revealWindowSeconds: number };
  payments: { quoteTtlSeconds: number; intentTtlSeconds: number; confirmations: number; seedDevCredits: number; x402FacilitatorUrl?: string };
  mail: { smtpUrl?: string; from: string };
  /** True only without SMTP, outside NODE_ENV=production, unless SIGMA_DEV_OUTBOX=off, and (for `auto`) on loopback. */
  devOutbox: boolean;
  webDistDir: string;
}

function configError(field: string, message: string): SigmaError {
  return new SigmaError('SIGMA_E_CONFIG_INVALID', `Invalid configuration ${field}: ${message}`, { field });
}

/**
 * Model providers: `SIGMA_MODEL_BASE_URL` (+ `SIGMA_MODEL_API_KEY`, name `SIGMA_MODEL_PROVIDER`) for one
 * endpoint, and/or `SIGMA_MODEL_PROVIDERS=a,b` with `SIGMA_MODEL_<A>_BASE_URL`, `SIGMA_MODEL_<A>_API_KEY`,
 * `SIGMA_MODEL_<A>_STRUCTURED_OUTPUT` per name (upper case, `-` as `_`).
 */
function modelProviders(e: Env, env: Record<string, string | undefined>): ModelProviderConfig[] {
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

export function loadConfig(env: Record<string, string | undefined> = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = Env.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new SigmaError('SIGMA_E_CONFIG_INVALID', `Invalid configuration ${issue.path.join('.')}: ${issue.message}`, {
      field: issue.path.join('.'),
    });
  }
  const e = parsed.data;
  const dataDir = resolve(e.SIGMA_DATA_DIR);
  const config: Config = {
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.SIGMA_PUBLIC_URL ?? `http://${e.HOST === '0.0.0.0' ? '127.0.0.1' : e.HOST}:${e.PORT}`,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    dbPoolMax: e.SIGMA_DB_POOL_MAX,
    logLevel: e.SIGMA_LOG_LEVEL,
    chain: {
      mode: e.SIGMA_CHAIN,
      rpcUrl: e.SIGMA_RPC_URL,
      chainId: e.SIGMA_CHAIN_ID,
      keyFile: e.SIGMA_CHAIN_KEY_FILE,
      port: e.SIGMA_CHAIN_PORT,
      deploymentFile: e.SIGMA_CHAIN_DEPLOYMENT_FILE,
      explorerUrl: e.SIGMA_CHAIN_EXPLORER_URL,
    },
    issuerKeyFile: e.SIGMA_ISSUER_KEY_FILE ?? resolve(dataDir, 'issuer.key'),
    seed: {
      devApiKey: e.SIGMA_SEED_DEV_API_KEY,
      devEmail: e.SIGMA_SEED_DEV_EMAIL,
      operatorEmail: e.SIGMA_SEED_OPERATOR_EMAIL,
      operatorPassword: e.SIGMA_SEED_OPERATOR_PASSWORD,
      validators: e.SIGMA_SEED_VALIDATORS,
    },
    operatorTotp: e.SIGMA_OPERATOR_TOTP,
    limits: {
      maxFiles: e.SIGMA_MAX_FILES,
      maxTotalBytes: e.SIGMA_MAX_TOTAL_BYTES,
      maxFileBytes: e.SIGMA_MAX_FILE_BYTES,
      bodyLimitBytes: e.SIGMA_BODY_LIMIT_BYTES,
      ratePerMinute: e.SIGMA_RATE_LIMIT_PER_MINUTE,
      jsonMaxDepth: e.SIGMA_JSON_MAX_DEPTH,
      jsonMaxKeys: e.SIGMA_JSON_MAX_KEYS,
    },
    panels: { phase1: e.SIGMA_PANEL_PHASE1, phase2: e.SIGMA_PANEL_PHASE2, escalation: e.SIGMA_PANEL_ESCALATION },
    consensus: {
      rejectShare: e.SIGMA_CONSENSUS_REJECT_SHARE,
      escalationShare: e.SIGMA_CONSENSUS_ESCALATION_SHARE,
      minVotes: e.SIGMA_CONSENSUS_MIN_VOTES,
      mismatchTolerance: e.SIGMA_CONSENSUS_MISMATCH_TOLERANCE,
    },
    certValidityDays: e.SIGMA_CERT_VALIDITY_DAYS,
    payouts: { validatorShareBps: e.SIGMA_VALIDATOR_SHARE_BPS, sanctionSlashBps: e.SIGMA_SANCTION_SLASH_BPS },
    publicCacheMs: e.SIGMA_PUBLIC_CACHE_MS,
    publicCacheMax: e.SIGMA_PUBLIC_CACHE_MAX,
    viewFlushMs: e.SIGMA_VIEW_FLUSH_MS,
    dbMaintenanceMs: e.SIGMA_DB_MAINTENANCE_MS,
    worker: {
      concurrency: e.SIGMA_WORKER_CONCURRENCY,
      heartbeatSeconds: e.SIGMA_JOB_HEARTBEAT_SECONDS,
      reviewTimeoutMs: e.SIGMA_REVIEW_TIMEOUT_MS,
      offlineReviewDelayMs: e.SIGMA_OFFLINE_REVIEW_DELAY_MS,
    },
    models: { providers: modelProviders(e, env), syncCron: e.SIGMA_MODELS_SYNC_CRON, catalogueFile: e.SIGMA_MODELS_CATALOGUE_FILE },
    selfHosted: { commitWindowSeconds: e.SIGMA_COMMIT_WINDOW_SECONDS, revealWindowSeconds: e.SIGMA_REVEAL_WINDOW_SECONDS },
    payments: {
      quoteTtlSeconds: e.SIGMA_QUOTE_TTL_SECONDS,
      intentTtlSeconds: e.SIGMA_INTENT_TTL_SECONDS,
      confirmations: e.SIGMA_PAYMENT_CONFIRMATIONS,
      seedDevCredits: e.SIGMA_SEED_DEV_CREDITS,
      x402FacilitatorUrl: e.SIGMA_X402_FACILITATOR_URL,
    },
    mail: { smtpUrl: e.SIGMA_SMTP_URL, from: e.SIGMA_MAIL_FROM },
    devOutbox:
      !e.SIGMA_SMTP_URL &&
      e.NODE_ENV !== 'production' &&
      (e.SIGMA_DEV_OUTBOX === 'on' || (e.SIGMA_DEV_OUTBOX === 'auto' && /^(127\.\d+\.\d+\.\d+|localhost|::1)$/.test(e.HOST))),
    webDistDir: e.SIGMA_WEB_DIST ? resolve(e.SIGMA_WEB_DIST) : fileURLToPath(new URL('../../web/dist', import.meta.url)),
  };
  return { ...config, ...overrides };
}
