import { INGEST_RULES } from '../ingest/rules.js';
import { TIME_CAP } from '../pipeline/units.js';
import { AGENT_CONFIG_WRITES } from './agent-config.js';
import { BEHAVIOUR_FLOWS } from './behaviour/flows.js';
import { DATA_CONTEXT } from './context/data.js';
import { CODE_CAPABILITIES } from './code/capabilities.js';
import { CODE_STRING_PAYLOADS } from './code/data-strings.js';
import { CODE_DESERIALIZATION } from './code/deserialize.js';
import { ENV_HARVESTING } from './code/env-harvest.js';
import { CODE_EVALUATION } from './code/eval.js';
import { CODE_EXFILTRATION } from './code/exfil.js';
import { CODE_EXHAUSTION } from './code/exhaustion.js';
import { CODE_PATH_TRAVERSAL } from './code/path-traversal.js';
import { CODE_REVERSE_SHELL } from './code/reverse-shell.js';
import { MARKDOWN_SNIPPETS } from './code/snippets.js';
import { CODE_SQL } from './code/sql.js';
import { CODE_STORES } from './code/stores.js';
import { COMMAND_CAPABILITIES } from './commands/capabilities.js';
import { DESTRUCTIVE } from './commands/destructive.js';
import { STARTUP_PERSISTENCE } from './commands/persistence.js';
import { REMOTE_EXECUTION } from './commands/remote-exec.js';
import { DECLARED_CREDENTIALS } from './credentials/declared.js';
import { CREDENTIAL_INSTRUCTIONS } from './credentials/instructions.js';
import { CODE_IN_DATA } from './data-exec.js';
import { CREDENTIAL_EXFILTRATION } from './exfiltration/credentials-out.js';
import { EXFIL_INSTRUCTIONS } from './exfiltration/instruction.js';
import { SHELL_EXFILTRATION } from './exfiltration/shell.js';
import { BINARY_FILES } from './files/binary.js';
import { MINIFIED_FILES } from './files/minified.js';
import { LURES } from './lures.js';
import { SKILL_DECLARATIONS } from './manifest/declarations.js';
import { MANIFEST_DELTA } from './manifest/delta.js';
import { FRONT_MATTER } from './manifest/front-matter.js';
import { NETWORK } from './network.js';
import { OBFUSCATION } from './obfuscation.js';
import { PADDING } from './padding.js';
import { AGENT_CONDUCT } from './prompt/conduct.js';
import { HIDDEN_DIRECTIVES } from './prompt/hidden.js';
import { PROMPT_INJECTION } from './prompt/injection.js';
import { PROSE_INTENT } from './prompt/intent.js';
import { REMOTE_INSTRUCTIONS } from './prompt/remote.js';
import type { Rule, RuleMeta } from './rule.js';
import { SECRETS } from './secrets/rule.js';
import { SUPPLY_CHAIN } from './supply-chain.js';
import { HIDDEN_UNICODE } from './unicode.js';

/**
 * The registry: every rule, as a plain list. Within a scope, rules run in this order (a rule that
 * reads facts or hits of another comes after it). To add an analysis, write a `Rule` beside its
 * tests and add it here; nothing else changes (docs/evidence.md, "How to add a rule").
 */
export const REGISTRY = [
  // Engine: raised by ingest and by the pipeline itself (metadata only).
  INGEST_RULES,
  TIME_CAP,
  // Per file (binary or text), before its text is scanned.
  BINARY_FILES,
  MINIFIED_FILES,
  // Per text unit (files, the developer's notes, decoded blobs).
  HIDDEN_UNICODE,
  PADDING,
  SECRETS,
  REMOTE_EXECUTION,
  DESTRUCTIVE,
  STARTUP_PERSISTENCE,
  COMMAND_CAPABILITIES,
  PROMPT_INJECTION,
  AGENT_CONDUCT,
  REMOTE_INSTRUCTIONS,
  EXFIL_INSTRUCTIONS,
  // Instructions and data (everything but parsed Python/JS).
  CREDENTIAL_INSTRUCTIONS,
  SHELL_EXFILTRATION,
  SUPPLY_CHAIN,
  LURES,
  HIDDEN_DIRECTIVES,
  AGENT_CONFIG_WRITES,
  CODE_IN_DATA,
  // Parsed Python and JS/TS.
  CODE_CAPABILITIES,
  CODE_EVALUATION,
  CODE_REVERSE_SHELL,
  ENV_HARVESTING,
  CODE_STORES,
  CODE_EXFILTRATION,
  CODE_DESERIALIZATION,
  CODE_SQL,
  CODE_PATH_TRAVERSAL,
  CODE_EXHAUSTION,
  CODE_STRING_PAYLOADS,
  MARKDOWN_SNIPPETS,
  NETWORK,
  // Per decoded blob.
  OBFUSCATION,
  // Whole skill.
  FRONT_MATTER,
  SKILL_DECLARATIONS,
  DECLARED_CREDENTIALS,
  CREDENTIAL_EXFILTRATION,
  BEHAVIOUR_FLOWS,
  PROSE_INTENT,
  DATA_CONTEXT,
  // After the manifest is derived.
  MANIFEST_DELTA,
] as const satisfies readonly Rule[];

/** Every rule id the registry defines. */
export type RuleId = (typeof REGISTRY)[number]['meta'][number]['id'];

type AlsoReported = NonNullable<(typeof REGISTRY)[number]['alsoReports']>[number];
// Compile-time check: every id a rule reports on another's behalf is defined by some rule.
const _alsoReportedAreDefined: [AlsoReported] extends [RuleId] ? true : never = true;
void _alsoReportedAreDefined;

/** The metadata of every rule id, in registry order (the catalogue in docs/evidence.md). */
export const RULES: ReadonlyArray<RuleMeta<RuleId>> = REGISTRY.flatMap((r): ReadonlyArray<RuleMeta<RuleId>> => r.meta);
