/** The environment schema of the server (every variable it reads, with defaults and bounds) and its parsed type. */
import { z } from 'zod';
import { DEFAULT_LIMITS } from '@sigma/core';

/** A model provider name: also the `modelProvider` of validators and the provider of catalogue rows. */
export const PROVIDER_NAME = /^[a-z][a-z0-9-]{0,31}$/;

/** Everything configurable, validated once. Nothing else in the server reads process.env. */
export const Env = z.object({
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
  /** When `certificates.sweep` runs (cron, one schedule per cluster): expiry and renewal reminders. */
  SIGMA_CERT_SWEEP_CRON: z.string().default('*/5 * * * *'),
  /** The owner is reminded (mail: SMTP or the outbox) this many days before a certificate expires. */
  SIGMA_CERT_RENEWAL_REMINDER_DAYS: z.coerce.number().int().min(0).max(365).default(30),
  /** Share of each fee paid to aligned validators, in basis points (SPEC §5.7: 60%). */
  SIGMA_VALIDATOR_SHARE_BPS: z.coerce.number().int().min(0).max(10_000).default(6000),
  /** Stake slashed with an operator sanction, in basis points. */
  SIGMA_SANCTION_SLASH_BPS: z.coerce.number().int().min(0).max(10_000).default(500),
  SIGMA_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  SIGMA_JOB_HEARTBEAT_SECONDS: z.coerce.number().int().min(10).default(10),
  SIGMA_REVIEW_TIMEOUT_MS: z.coerce.number().int().positive().default(60_000),
  SIGMA_SEED_VALIDATORS: z.coerce.number().int().min(0).max(50).default(12),
  /** Run CODE* entry points in the execution sandbox (`auto`: when bubblewrap is usable; `off`: never, SKIPPED "disabled by operator"). */
  SIGMA_SANDBOX: z.enum(['auto', 'off']).default('auto'),
  /** The sandbox's hard wall-clock limit per run (SPEC §4: 30 s). */
  SIGMA_SANDBOX_TIMEOUT_MS: z.coerce.number().int().min(1000).max(300_000).default(30_000),
  /** Probe API* endpoints at submission (`on`), or list every endpoint as skipped (`off`, analysis mode OFFLINE). */
  SIGMA_PROBE: z.enum(['on', 'off']).default('on'),
  /** Addresses the probe may reach although not public: CIDRs, IPs or host:port, comma-separated (tests: 127.0.0.1:PORT). */
  SIGMA_PROBE_ALLOW_LIST: z.string().default(''),
  /** The probe's total time limit per request. */
  SIGMA_PROBE_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(15_000),
  /** API* certificates: seconds between monitoring re-probes of the certified endpoints (tests shorten it). */
  SIGMA_MONITOR_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(31_536_000).default(86_400),
  /** Checks in a certificate's monitoring plan ("checks remaining"); 0: no monitoring. */
  SIGMA_MONITOR_CHECKS: z.coerce.number().int().min(0).max(10_000).default(365),
  /** Git-sourced certificates: seconds between source drift checks (the sweep enqueues the due ones). */
  SIGMA_DRIFT_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(31_536_000).default(86_400),
  /**
   * Git mirrors: `https://host/prefix/=file:///srv/mirror/` pairs, comma-separated. A submitted https URL
   * under a prefix is fetched from its mirror (an operator's local copy; tests use local bare repos).
   * Submissions themselves only ever name https:// URLs.
   */
  SIGMA_GIT_MIRRORS: z.string().default(''),
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
