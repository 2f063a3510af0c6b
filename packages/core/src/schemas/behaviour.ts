import { z } from 'zod';
import { Severity } from '../enums.js';

/**
 * The behaviour model of a skill's bundled scripts (SPEC §4 "code analysis"): what each script reads
 * (sources), what it does with effects outside itself (sinks), how data moves from one to the other
 * (flows), and what the skill's own text claims about it (claims, contradictions). Produced by
 * `@sigma/evidence` (`buildBehaviour`, `extractClaims`, `compareClaims`); see docs/behaviour.md.
 */
export const BEHAVIOUR_SCHEMA_VERSION = 'sigma.behaviour.v1' as const;

export const BehaviourLang = z.enum(['python', 'javascript', 'typescript', 'shell', 'go', 'ruby', 'powershell']);
export type BehaviourLang = z.infer<typeof BehaviourLang>;

/** `partial`: the parser recovered from syntax errors; what it could read is in the model, `reason` says where it stopped. */
export const ParseStatus = z.enum(['full', 'partial', 'failed']);
export type ParseStatus = z.infer<typeof ParseStatus>;

export const BehaviourFile = z.object({
  path: z.string(),
  lang: BehaviourLang,
  parser: z.string(),
  parsed: ParseStatus,
  reason: z.string().nullable(),
});
export type BehaviourFile = z.infer<typeof BehaviourFile>;

export const BehaviourEventKind = z.enum(['source', 'sink', 'call']);
export type BehaviourEventKind = z.infer<typeof BehaviourEventKind>;

/**
 * Sources: `env` (environment reads), `credential` (key, token, wallet, browser and keychain stores),
 * `home-file` (other files under the user's home), `clipboard`, `conversation` (agent transcripts and
 * context handed in by the runtime), `user-file` (whole-file reads of a path the skill does not own),
 * `input` (a parameter of a function the skill exposes to its caller: the agent, a runtime, another
 * program). Sinks: `network`, `process`, `eval`, `file-write`, `file-delete` (removes files or trees), `clipboard-write` (replaces what the user copied), `query` (a database query text). Calls: `file-read` (a skill-internal or
 * unclassified read), `dynamic-call` (dispatch the model cannot resolve; reachability turns conservative).
 */
export const BehaviourCategory = z.enum([
  'env',
  'credential',
  'home-file',
  'clipboard',
  'conversation',
  'user-file',
  'input',
  'network',
  'process',
  'eval',
  'file-write',
  'file-delete',
  'clipboard-write',
  'query',
  'file-read',
  'dynamic-call',
]);
export type BehaviourCategory = z.infer<typeof BehaviourCategory>;

/** Where a file path points, as far as constants tell. */
export const PathLocation = z.enum(['skill', 'home', 'credential', 'startup', 'system', 'tmp', 'unknown']);
export type PathLocation = z.infer<typeof PathLocation>;

/**
 * Why an event is (not) reachable from the entry point: `entry` (top level of an entry file),
 * `called` (through calls from there), `assumed` (conservatively: callbacks, decorators, exports,
 * unresolved dynamic dispatch), `dead` (no path found, or a branch that can never run).
 */
export const Reach = z.enum(['entry', 'called', 'assumed', 'dead']);
export type Reach = z.infer<typeof Reach>;

export const BehaviourEvent = z.object({
  /** Stable within a model: `B<n>` in file, line, column order. */
  id: z.string(),
  kind: BehaviourEventKind,
  category: BehaviourCategory,
  /** One plain sentence: what happens ("reads environment variable AWS_SECRET_ACCESS_KEY"). */
  detail: z.string(),
  file: z.string(),
  line: z.number().int().positive(),
  /** The source line, trimmed, at most 200 characters, secrets redacted. */
  excerpt: z.string(),
  reachable: z.boolean(),
  reach: Reach,
  /** The API or command as resolved (`requests.post`, `child_process.exec`, `curl`). */
  api: z.string(),
  /** Network: the destination host when constants resolve it. */
  host: z.string().nullable(),
  /** File access: the path as far as constants resolve it (`~/.ssh/id_rsa`, `<skill>/out.json`). */
  path: z.string().nullable(),
  location: PathLocation.nullable(),
  /** Process: the command text with unknown parts shown as `…`. */
  command: z.string().nullable(),
  /** Environment: the variable name, `*` for the whole environment, null when computed. */
  name: z.string().nullable(),
});
export type BehaviourEvent = z.infer<typeof BehaviourEvent>;

/** Where the data sits in the sink: the destination itself, the rest of the URL, headers/auth, the body or arguments. */
export const FlowPosition = z.enum(['destination', 'url', 'headers', 'body', 'argument', 'command', 'stdin', 'path']);
export type FlowPosition = z.infer<typeof FlowPosition>;

export const FlowStep = z.object({
  file: z.string(),
  line: z.number().int().positive(),
  note: z.string(),
});
export type FlowStep = z.infer<typeof FlowStep>;

export const BehaviourFlow = z.object({
  id: z.string(),
  source: z.string(),
  sink: z.string(),
  /** From the source to the sink, in order; at most 16 steps (the middle is elided when longer). */
  steps: z.array(FlowStep),
  positions: z.array(FlowPosition),
  /** Base64/hex/compression/encryption applied on the way. */
  encoded: z.boolean(),
  /** Network sinks: the destination host (resolved at the sink or at a call site). */
  host: z.string().nullable(),
  /** Whether SKILL.md mentions the destination host; null when the host is unknown or the sink is not network. */
  hostDeclared: z.boolean().nullable(),
  severity: Severity,
  explanation: z.string(),
  reachable: z.boolean(),
});
export type BehaviourFlow = z.infer<typeof BehaviourFlow>;

export const BehaviourHost = z.object({
  host: z.string(),
  file: z.string(),
  line: z.number().int().positive(),
  event: z.string(),
  /** `literal` in the call, `constant` through variables/imports, `call-site` through a parameter, `command` in a command line. */
  via: z.enum(['literal', 'constant', 'call-site', 'command']),
});
export type BehaviourHost = z.infer<typeof BehaviourHost>;

export const BehaviourModel = z.object({
  schemaVersion: z.literal(BEHAVIOUR_SCHEMA_VERSION),
  entry: z.string().nullable(),
  files: z.array(BehaviourFile),
  events: z.array(BehaviourEvent),
  flows: z.array(BehaviourFlow),
  hosts: z.array(BehaviourHost),
  /** Caveats the reader needs (conservative reachability, unresolved imports, partial parses). */
  notes: z.array(z.string()),
});
export type BehaviourModel = z.infer<typeof BehaviourModel>;

export const ClaimKind = z.enum([
  'no-network',
  'local-only',
  'read-only',
  'no-storage',
  'no-credentials',
  'no-exec',
  'no-telemetry',
  'declared-host',
  'declared-tool',
]);
export type ClaimKind = z.infer<typeof ClaimKind>;

export const Claim = z.object({
  id: z.string(),
  kind: ClaimKind,
  /** The sentence or field as written (trimmed, at most 240 characters). */
  text: z.string(),
  line: z.number().int().positive(),
  origin: z.enum(['front-matter', 'description', 'prose']),
  /** declared-host: the host; declared-tool: the tool or capability; otherwise null. */
  value: z.string().nullable(),
});
export type Claim = z.infer<typeof Claim>;

export const ContradictionKind = z.enum([
  /** A claim the code contradicts ("works offline" and a network call). */
  'claim-contradicted',
  /** Behaviour the skill's text and manifest never declare (a host, a capability). */
  'undeclared-behaviour',
  /** Declared but nothing in the code does it (a host nothing contacts). */
  'declared-not-observed',
]);
export type ContradictionKind = z.infer<typeof ContradictionKind>;

export const Contradiction = z.object({
  id: z.string(),
  kind: ContradictionKind,
  claim: z.object({ id: z.string(), text: z.string(), line: z.number().int().positive(), kind: ClaimKind }).nullable(),
  behaviour: z.object({ event: z.string(), file: z.string(), line: z.number().int().positive(), detail: z.string() }).nullable(),
  subject: z.string(),
  severity: Severity,
  explanation: z.string(),
});
export type Contradiction = z.infer<typeof Contradiction>;
