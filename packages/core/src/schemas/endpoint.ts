import { z } from 'zod';
import { EndpointReview } from './endpoint-review.js';

/**
 * Live probes of a submission's declared HTTP endpoints (SPEC §4 "Endpoint review") and the live
 * certificate checks built on the same guarded fetch (SPEC §6: monitoring, source drift, domain
 * proof). Produced by `@sigma/evidence` (`src/probe/`); see docs/probe.md.
 *
 * `EndpointReview` (certificate.ts) is the sealed shape: its `declaredEndpoints` is `unknown[]` so
 * that older snapshots keep parsing. `ProbedEndpointReview` is the same object with each entry typed
 * as an `EndpointProbeResult`; every probed review parses as both.
 */

/** Why an outbound request was refused or failed: a catalogue code (`SIGMA_E_PROBE_*`). */
export const ProbeErrorCode = z.enum([
  'SIGMA_E_PROBE_URL_INVALID',
  'SIGMA_E_PROBE_PORT_FORBIDDEN',
  'SIGMA_E_PROBE_METHOD_FORBIDDEN',
  'SIGMA_E_PROBE_ADDRESS_FORBIDDEN',
  'SIGMA_E_PROBE_RESOLVE_FAILED',
  'SIGMA_E_PROBE_CONNECT_FAILED',
  'SIGMA_E_PROBE_TLS_INVALID',
  'SIGMA_E_PROBE_REDIRECT_FORBIDDEN',
  'SIGMA_E_PROBE_TIMEOUT',
  'SIGMA_E_PROBE_TOO_LARGE',
  'SIGMA_E_PROBE_PROTOCOL',
  'SIGMA_E_PROBE_SOURCE_UNREADABLE',
]);
export type ProbeErrorCode = z.infer<typeof ProbeErrorCode>;

export const ProbeError = z.object({
  code: ProbeErrorCode,
  reason: z.string(),
  /** For a refused redirect: the code that refused its target (for example ADDRESS_FORBIDDEN). */
  cause: ProbeErrorCode.nullable(),
});
export type ProbeError = z.infer<typeof ProbeError>;

/** TLS as seen by the probe. `valid` is false when the handshake failed verification (`error` says why). */
export const TlsFacts = z.object({
  valid: z.boolean(),
  /** OpenSSL/Node verification code, e.g. CERT_HAS_EXPIRED, DEPTH_ZERO_SELF_SIGNED_CERT. */
  error: z.string().nullable(),
  protocol: z.string().nullable(),
  subject: z.string().nullable(),
  issuer: z.string().nullable(),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  /** Whole days from the probe to `validTo` (negative once expired). */
  daysRemaining: z.number().int().nullable(),
});
export type TlsFacts = z.infer<typeof TlsFacts>;

export const JsonType = z.enum(['object', 'array', 'string', 'number', 'boolean', 'null']);
export type JsonType = z.infer<typeof JsonType>;

/** A shallow shape of a JSON body: its top-level type and, for objects, the sorted top-level keys. */
export const JsonShape = z.object({
  type: JsonType,
  keys: z.array(z.string()),
  /** For arrays: the type of the first element (null when empty). */
  itemType: JsonType.nullable(),
});
export type JsonShape = z.infer<typeof JsonShape>;

export const ShapeCheck = z.object({
  /** True when the declaration gave a response schema or example. */
  declared: z.boolean(),
  /** Null when nothing was compared (no declaration, no JSON body, auth required). */
  matches: z.boolean().nullable(),
  problems: z.array(z.string()),
});
export type ShapeCheck = z.infer<typeof ShapeCheck>;

export const RedirectHop = z.object({ url: z.string(), status: z.number().int() });
export type RedirectHop = z.infer<typeof RedirectHop>;

export const EndpointOutcome = z.enum(['PASSED', 'FAILED', 'REFUSED', 'SKIPPED']);
export type EndpointOutcome = z.infer<typeof EndpointOutcome>;

export const StatusClass = z.enum(['1xx', '2xx', '3xx', '4xx', '5xx']);
export type StatusClass = z.infer<typeof StatusClass>;

/** One declared endpoint and what the probe found (an entry of `endpointReview.declaredEndpoints`). */
export const EndpointProbeResult = z.object({
  /** As declared (upper case); `UNKNOWN` for an endpoint derived from URLs in the code. */
  method: z.string(),
  /** As declared, credentials redacted. */
  url: z.string(),
  host: z.string().nullable(),
  declaredAuth: z.string(),
  reason: z.string(),
  declaredFrom: z.enum(['front-matter', 'derived']),
  outcome: EndpointOutcome,
  skipReason: z.string().nullable(),
  /** What was sent and where (the sandbox base URL replaces the origin for non-read-only methods). */
  probeMethod: z.string().nullable(),
  probeUrl: z.string().nullable(),
  error: ProbeError.nullable(),
  status: z.number().int().nullable(),
  statusClass: StatusClass.nullable(),
  /** Request start to response headers of the last hop, milliseconds. */
  latencyMs: z.number().int().nullable(),
  /** Null for plain http (and when no connection was made). */
  tls: TlsFacts.nullable(),
  /** 401/403 without credentials → true; 2xx/3xx → false; anything else → null. */
  authRequired: z.boolean().nullable(),
  /** From `declaredAuth`: `none` → false, `unknown` → null, anything else → true. */
  authDeclared: z.boolean().nullable(),
  contentType: z.string().nullable(),
  shape: JsonShape.nullable(),
  shapeCheck: ShapeCheck,
  redirects: z.array(RedirectHop),
  finalUrl: z.string().nullable(),
  /** Ids of the findings (in the evidence report) about this endpoint. */
  findingIds: z.array(z.string()),
});
export type EndpointProbeResult = z.infer<typeof EndpointProbeResult>;

export const ProbeAnalysisMode = z.enum(['READ_ONLY', 'SANDBOX', 'OFFLINE']);
export type ProbeAnalysisMode = z.infer<typeof ProbeAnalysisMode>;

export const ProbedEndpointReview = EndpointReview.extend({
  analysisMode: ProbeAnalysisMode,
  declaredEndpoints: z.array(EndpointProbeResult),
});
export type ProbedEndpointReview = z.infer<typeof ProbedEndpointReview>;

/** A monitoring re-probe compared with the certified review (SPEC §6 "Monitoring"). */
export const MonitoringDriftKind = z.enum(['STATUS_CLASS', 'AUTH', 'SHAPE', 'HOST']);
export type MonitoringDriftKind = z.infer<typeof MonitoringDriftKind>;

export const MonitoringDrift = z.object({
  /** `METHOD url` as declared. */
  endpoint: z.string(),
  kind: MonitoringDriftKind,
  certified: z.string(),
  current: z.string(),
  detail: z.string(),
});
export type MonitoringDrift = z.infer<typeof MonitoringDrift>;

export const MonitoringFailure = z.object({
  endpoint: z.string(),
  code: ProbeErrorCode.nullable(),
  reason: z.string(),
});
export type MonitoringFailure = z.infer<typeof MonitoringFailure>;

export const MonitoringCheck = z.object({
  ok: z.boolean(),
  checkedAt: z.string(),
  drift: z.array(MonitoringDrift),
  failures: z.array(MonitoringFailure),
  /** Certified endpoints that had no usable baseline (skipped, unparseable) and were not compared. */
  notCompared: z.array(z.object({ endpoint: z.string(), reason: z.string() })),
  endpoints: z.array(EndpointProbeResult),
});
export type MonitoringCheck = z.infer<typeof MonitoringCheck>;

/** Domain proof: the developer's homepage links to the certificate page (SPEC §6). */
export const DomainProof = z.object({
  verified: z.boolean(),
  checkedAt: z.string(),
  url: z.string(),
  finalUrl: z.string().nullable(),
  reason: z.string(),
  error: ProbeError.nullable(),
});
export type DomainProof = z.infer<typeof DomainProof>;

/** Source drift for git sources: the current SKILL.md at the default branch vs the certified hash. */
export const SourceDrift = z.object({
  /** Null when the source could not be read (`error` says why). */
  stale: z.boolean().nullable(),
  certifiedHash: z.string(),
  currentHash: z.string().nullable(),
  currentCommit: z.string().nullable(),
  checkedAt: z.string(),
  error: ProbeError.nullable(),
});
export type SourceDrift = z.infer<typeof SourceDrift>;

/** The public view of a certificate's monitoring plan and its latest check (live fields, outside the hash). */
export const MonitoringStatus = z.object({
  checksRemaining: z.number().int(),
  checksDone: z.number().int(),
  intervalSeconds: z.number().int(),
  /** Null when the plan is over or the certificate is no longer current. */
  nextCheckAt: z.string().nullable(),
  /** The latest check, without the raw endpoint results. Null before the first. */
  last: MonitoringCheck.omit({ endpoints: true }).nullable(),
  /** The flag the latest failing check opened (null when none is open). */
  flagId: z.string().nullable(),
});
export type MonitoringStatus = z.infer<typeof MonitoringStatus>;

/** The public view of a domain proof: the homepage the owner named and the latest check (null before the first). */
export const SiteProofStatus = z.object({
  homepageUrl: z.string(),
  requestedAt: z.string(),
  check: DomainProof.nullable(),
});
export type SiteProofStatus = z.infer<typeof SiteProofStatus>;
