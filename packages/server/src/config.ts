import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SigmaError } from '@sigma/core';
import { createGuardPolicy } from '@sigma/evidence';
import { Env } from './config-env.js';
import { modelProviders, type ModelProviderConfig } from './config-providers.js';
import { parseGitMirrors, type GitMirror } from './config-git.js';

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
  /** `certificates.sweep`: its cron, and how many days before `expiresAt` the owner is reminded. */
  certSweep: { cron: string; reminderDays: number };
  payouts: { validatorShareBps: number; sanctionSlashBps: number };
  publicCacheMs: number;
  publicCacheMax: number;
  viewFlushMs: number;
  dbMaintenanceMs: number;
  /** The execution sandbox for CODE* entry points (docs/code-review.md). */
  sandbox: { mode: 'auto' | 'off'; timeoutMs: number };
  /** The endpoint probe for API* submissions (docs/probe.md): on/off, the operator allow-list, the per-request time limit. */
  probe: { mode: 'on' | 'off'; allowList: string[]; timeoutMs: number };
  /** Live checks of certificates (docs/probe.md): the monitoring plan of API* certificates, how often git sources are compared. */
  liveChecks: { monitorIntervalSeconds: number; monitorChecks: number; driftIntervalSeconds: number };
  /** Where a submitted https git URL is really fetched from (SIGMA_GIT_MIRRORS; docs/code-review.md). */
  gitMirrors: GitMirror[];
  worker: { concurrency: number; heartbeatSeconds: number; reviewTimeoutMs: number; offlineReviewDelayMs: number };
  models: { providers: ModelProviderConfig[]; syncCron: string; catalogueFile?: string };
  selfHosted: { commitWindowSeconds: number; revealWindowSeconds: number };
  payments: { quoteTtlSeconds: number; intentTtlSeconds: number; confirmations: number; seedDevCredits: number; x402FacilitatorUrl?: string };
  mail: { smtpUrl?: string; from: string };
  /** True only without SMTP, outside NODE_ENV=production, unless SIGMA_DEV_OUTBOX=off, and (for `auto`) on loopback. */
  devOutbox: boolean;
  webDistDir: string;
}

/** Everything configurable, validated once (the schema: config-env.ts; model providers: config-providers.ts). */
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
  const probeAllowList = e.SIGMA_PROBE_ALLOW_LIST.split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  try {
    // An allow-list entry that cannot be read is refused here, never silently dropped or widened.
    createGuardPolicy({ allowList: probeAllowList });
  } catch (err) {
    throw new SigmaError('SIGMA_E_CONFIG_INVALID', `Invalid configuration SIGMA_PROBE_ALLOW_LIST: ${(err as Error).message}`, {
      field: 'SIGMA_PROBE_ALLOW_LIST',
    });
  }
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
    certSweep: { cron: e.SIGMA_CERT_SWEEP_CRON, reminderDays: e.SIGMA_CERT_RENEWAL_REMINDER_DAYS },
    sandbox: { mode: e.SIGMA_SANDBOX, timeoutMs: e.SIGMA_SANDBOX_TIMEOUT_MS },
    probe: {
      mode: e.SIGMA_PROBE,
      allowList: probeAllowList,
      timeoutMs: e.SIGMA_PROBE_TIMEOUT_MS,
    },
    liveChecks: {
      monitorIntervalSeconds: e.SIGMA_MONITOR_INTERVAL_SECONDS,
      monitorChecks: e.SIGMA_MONITOR_CHECKS,
      driftIntervalSeconds: e.SIGMA_DRIFT_INTERVAL_SECONDS,
    },
    gitMirrors: parseGitMirrors(e.SIGMA_GIT_MIRRORS),
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
