import { SEVERITY_RANK } from '@sigma/core';
import type { BehaviourModel, Contradiction } from '@sigma/core';
import { buildBehaviour, extractClaims, compareClaims } from '../../behaviour/index.js';
import { CLIPBOARD_META, clipboardSwaps } from './clipboard.js';
import { DESTRUCTIVE_META, destructiveDeletes } from './destructive.js';
import { markdownCommands } from './markdown-commands.js';
import { manifestHosts, PER_ID, worstFirst } from './shared.js';
import type { Hit } from '../hit.js';
import type { AnalyzedFile, SkillContext } from '../rule.js';
import { skillRule } from '../rule.js';

/** Scripts larger than this are left to the regex rules (the interpreter's cost grows with the file). */
const MAX_SCRIPT_BYTES = 400_000;

const excerptOf = (file: AnalyzedFile | undefined, line: number): string => file?.text?.split(/\r?\n/)[line - 1]?.trim().slice(0, 200) ?? '';

/** The behaviour model of the skill's scripts (parsed, not matched), with SKILL.md's claims checked against it. */
export function modelOf(ctx: Pick<SkillContext<string>, 'files' | 'skill'>): { model: BehaviourModel; contradictions: Contradiction[] } {
  const inputs = ctx.files
    .filter((f) => f.text !== null && f.bytes.length <= MAX_SCRIPT_BYTES && !f.path.includes('!/'))
    .map((f) => ({ path: f.path, text: f.text! }));
  const model = buildBehaviour(inputs, { declaredHosts: manifestHosts(ctx) });
  const claims = ctx.skill ? extractClaims(ctx.skill.text) : [];
  const caps = [...(ctx.skill?.declared.capabilities ?? []), ...(ctx.skill?.declared.toolCapabilities ?? [])];
  return { model, contradictions: compareClaims(claims, model, { capabilities: caps }) };
}

/**
 * Findings from the behaviour model: where secret or personal data goes (source → sink, with both
 * ends' file and line), what SKILL.md claims that the code contradicts, and behaviour it never
 * declares. Then a check on the pattern rule for data flows: in a file the parser read in full,
 * a pattern hit the data-flow model does not confirm is lowered, with the reason.
 */
export const BEHAVIOUR_FLOWS = skillRule({
  name: 'behaviour-flows',
  meta: [
    {
      id: 'BEHAVIOUR_SENSITIVE_FLOW',
      title: 'Secret or personal data reaches a network call, a process or a file outside the skill',
      category: 'exfiltration',
      severity: 'HIGH',
      confidence: 'HIGH',
      blocking: false,
      signal: 'none',
      owasp: ['OWASP-AST01'],
      why: 'The behaviour model followed the value from where it is read to where it leaves; what the code calls it (telemetry, sync, analytics) does not change where it goes.',
      remediation:
        'Do not send environment values, credentials, home-directory files or conversation content anywhere SKILL.md does not declare, and never encoded.',
    },
    {
      id: 'BEHAVIOUR_INJECTION',
      title: "A caller's input becomes code, a shell command line or a database query",
      category: 'code',
      severity: 'HIGH',
      confidence: 'HIGH',
      blocking: false,
      signal: 'none',
      owasp: ['OWASP-AST01', 'OWASP-AST05'],
      why: 'The behaviour model followed a parameter of a function the skill exposes (a tool or route handler, an exported or public function the skill never calls itself) into eval/exec, a shell command line or the text of a query: whoever calls it, or whatever text reaches the agent, chooses what runs.',
      remediation:
        'Never evaluate input as code; pass command arguments as a list without a shell; bind query values as parameters; validate input against what the function needs.',
    },
    {
      id: 'BEHAVIOUR_RUNS_WRITTEN_FILE',
      title: 'Runs a program it writes at run time (downloaded, not reviewed)',
      category: 'remote-execution',
      severity: 'HIGH',
      confidence: 'HIGH',
      blocking: false,
      signal: 'none',
      owasp: ['OWASP-AST02'],
      why: 'A script writes a file and then runs it as a program; when the same script fetches from the network, what runs is whatever the server sent that day — nothing of it was in the submission, so nothing of it was reviewed.',
      remediation:
        'Ship the program in the submission, or pin it by digest and verify the digest before running it; say in SKILL.md what is downloaded and from where.',
    },
    {
      id: 'BEHAVIOUR_CLAIM_CONTRADICTED',
      title: 'SKILL.md claims something the code contradicts',
      category: 'manifest',
      severity: 'HIGH',
      confidence: 'HIGH',
      blocking: false,
      signal: 'none',
      owasp: ['OWASP-AST04', 'OWASP-AST01'],
      why: 'The skill promises one thing (offline, read-only, no telemetry…) and its scripts do another; users and agents trust the promise.',
      remediation: 'Make the code do what SKILL.md says, or say in SKILL.md what the code does.',
    },
    {
      id: 'BEHAVIOUR_PERSISTENT_WRITE',
      title: 'A script writes into startup files or credential stores',
      category: 'persistence',
      severity: 'HIGH',
      confidence: 'HIGH',
      blocking: false,
      signal: 'none',
      owasp: ['OWASP-AST01', 'OWASP-AST03'],
      why: 'Shell profiles, cron, launch agents, git hooks and key stores (authorized_keys, ~/.aws) are run or trusted by the system later; writing them outlives the skill.',
      remediation: 'Do not modify startup files or credential stores; print the line for the user to add if it is really needed.',
    },
    {
      id: 'BEHAVIOUR_UNDECLARED',
      title: 'Behaviour SKILL.md does not declare',
      category: 'manifest',
      severity: 'LOW',
      confidence: 'MEDIUM',
      blocking: false,
      signal: 'none',
      owasp: ['OWASP-AST04'],
      why: 'A host or capability the scripts use is not named in SKILL.md or its manifest.',
      remediation: 'Declare every host and capability the scripts use.',
    },
    ...DESTRUCTIVE_META,
    ...CLIPBOARD_META,
  ],
  run(ctx) {
    const { model, contradictions } = modelOf(ctx);
    const byPath = new Map(ctx.files.map((f) => [f.path, f]));
    const events = new Map(model.events.map((e) => [e.id, e]));
    const weighty = worstFirst(model.flows.filter((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK.MEDIUM));
    const fromInput = (f: BehaviourModel['flows'][number]) => events.get(f.source)?.category === 'input';
    for (const f of weighty.filter(fromInput).slice(0, PER_ID)) {
      const sink = events.get(f.sink)!;
      const src = events.get(f.source)!;
      // A containment check between the parameter and the open (realpath + startswith, basename…).
      const checked = sink.category === 'file-read' && src.file === sink.file && checksContainment(byPath.get(sink.file)?.text ?? '', src.line, sink.line);
      ctx.report({
        ruleId: 'BEHAVIOUR_INJECTION',
        file: sink.file,
        line: sink.line,
        excerpt: sink.excerpt,
        severity: !f.reachable || checked ? 'LOW' : f.severity,
        detail: `${src.detail} at ${src.file}:${src.line}; it reaches ${sink.file}:${sink.line}${f.reachable ? '' : ' (in code that can never run)'}: ${f.explanation}${checked ? ' — the function checks the path before opening it' : ''}.`,
      });
    }
    for (const f of weighty.filter((x) => !fromInput(x)).slice(0, PER_ID)) {
      const sink = events.get(f.sink)!;
      const src = events.get(f.source)!;
      ctx.report({
        ruleId: 'BEHAVIOUR_SENSITIVE_FLOW',
        file: sink.file,
        line: sink.line,
        excerpt: sink.excerpt,
        severity: f.reachable ? f.severity : 'LOW',
        detail: `Read at ${src.file}:${src.line}, leaves at ${sink.file}:${sink.line}${f.reachable ? '' : ' (not reachable from the entry point)'}: ${f.explanation}.`,
      });
    }
    const claimed = worstFirst(contradictions.filter((c) => c.kind === 'claim-contradicted' && SEVERITY_RANK[c.severity] >= SEVERITY_RANK.MEDIUM));
    for (const c of claimed.slice(0, PER_ID)) {
      ctx.report({
        ruleId: 'BEHAVIOUR_CLAIM_CONTRADICTED',
        file: ctx.skill?.path ?? c.behaviour?.file ?? null,
        line: c.claim?.line ?? null,
        excerpt: c.claim?.text ?? '',
        severity: c.severity,
        detail: c.explanation + (c.behaviour ? ` (${c.behaviour.file}:${c.behaviour.line}: ${excerptOf(byPath.get(c.behaviour.file), c.behaviour.line)})` : ''),
      });
    }
    const persistent = model.events.filter((e) => e.category === 'file-write' && (e.location === 'startup' || e.location === 'credential'));
    const skillText = ctx.skill?.text.toLowerCase() ?? '';
    for (const e of persistent.slice(0, PER_ID)) {
      // Said openly in SKILL.md (the file by name): the user can see and refuse it.
      const name = e.path?.replace(/\/+$/, '').replace(/^.*\//, '').toLowerCase() ?? '';
      const declared = e.location === 'startup' && name.length >= 4 && name !== '…' && skillText.includes(name);
      ctx.report({
        ruleId: 'BEHAVIOUR_PERSISTENT_WRITE',
        file: e.file,
        line: e.line,
        excerpt: e.excerpt,
        severity: !e.reachable ? 'LOW' : declared ? 'MEDIUM' : 'HIGH',
        detail: `${e.file}:${e.line} ${e.detail}${e.reachable ? '' : ' (not reachable from the entry point)'}${declared ? `; SKILL.md names ${name}, so the user is told` : ''}.`,
      });
    }
    const undeclared = contradictions.filter((c) => c.kind === 'undeclared-behaviour' && c.behaviour);
    for (const c of undeclared.slice(0, PER_ID)) {
      ctx.report({
        ruleId: 'BEHAVIOUR_UNDECLARED',
        file: c.behaviour!.file,
        line: c.behaviour!.line,
        excerpt: excerptOf(byPath.get(c.behaviour!.file), c.behaviour!.line),
        // Undeclared is a disclosure gap; the flow finding above carries the harm when data moves.
        severity: SEVERITY_RANK[c.severity] > SEVERITY_RANK.MEDIUM ? 'MEDIUM' : c.severity,
        detail: c.explanation,
      });
    }
    markdownCommands(ctx);
    runsWrittenFiles(ctx, model);
    destructiveDeletes(ctx, model);
    clipboardSwaps(ctx, model);
    confirmPatternFlows(ctx, model);
  },
});

/** Path checks that keep a joined path inside its directory. */
const CONTAINS =
  /\b(?:realpath|abspath|normpath|commonpath|is_relative_to|relative_to|secure_filename|basename)\b|\bpath\.(?:resolve|relative|normalize)\b|\.startswith\(|\.startsWith\(|['"]\.\.['"]|\.\.\//;

function checksContainment(text: string, from: number, to: number): boolean {
  if (to < from || to - from > 200) return false;
  return CONTAINS.test(
    text
      .split(/\r?\n/)
      .slice(from - 1, to)
      .join('\n'),
  );
}

/** Digest checks that make a download verified (the code compares what it fetched with a known hash). */
const VERIFIES =
  /\bcreateHash\s*\(|\bhashlib\.(?:sha256|sha512|sha384|blake2b|new)\b|\bsha(?:256|512)sum\b|\bsubtle\.digest\b|\bgpg\s+--verify\b|\bcosign\s+verify\b/;

/** A process whose program is a file the skill's scripts write at run time. */
function runsWrittenFiles(ctx: SkillContext<string>, model: BehaviourModel): void {
  const written = new Map<string, BehaviourModel['events'][number]>();
  for (const e of model.events) if (e.category === 'file-write' && e.path && e.path !== '…' && !e.path.endsWith('…')) written.set(e.path, e);
  if (written.size === 0) return;
  const byPath = new Map(ctx.files.map((f) => [f.path, f]));
  let n = 0;
  for (const e of model.events) {
    if (e.category !== 'process' || !e.command || n >= PER_ID) continue;
    const program = e.command.split(/\s+/)[0]!;
    const w = written.get(program);
    if (!w) continue;
    n++;
    const text = byPath.get(e.file)?.text ?? '';
    const fetches = model.events.some((x) => x.category === 'network' && x.kind === 'sink' && x.file === e.file);
    const verified = VERIFIES.test(text);
    ctx.report({
      ruleId: 'BEHAVIOUR_RUNS_WRITTEN_FILE',
      file: e.file,
      line: e.line,
      excerpt: e.excerpt,
      severity: !e.reachable ? 'LOW' : fetches && !verified ? 'HIGH' : 'MEDIUM',
      detail: `${e.file}:${e.line} runs ${program}, which ${w.file}:${w.line} writes at run time${fetches ? `; ${e.file} also fetches from the network, so the program is whatever the server sends` : ''}${verified ? ' (the script computes a digest: check it is compared with a pinned value)' : ''}.`,
    });
  }
}

/** Pattern hits for data flows in fully parsed files, checked against the model's flows. */
function confirmPatternFlows(ctx: SkillContext<string>, model: BehaviourModel): void {
  const full = new Set(model.files.filter((f) => f.parsed === 'full' && f.lang !== 'shell').map((f) => f.path));
  const inputs = new Set(model.events.filter((e) => e.category === 'input').map((e) => e.id));
  const sinks = new Set(
    model.flows
      .filter((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK.HIGH && !inputs.has(f.source))
      .map((f) => model.events.find((e) => e.id === f.sink)?.file)
      .filter((p): p is string => p !== undefined),
  );
  for (const h of ctx.hits as Hit[]) {
    if (h.ruleId !== 'EXFIL_DATA_FLOW' || h.file === null || h.severity !== undefined) continue;
    if (!full.has(h.file) || sinks.has(h.file)) continue;
    ctx.adjust(h, {
      severity: 'MEDIUM',
      reason: `The data-flow model parsed ${h.file} in full and followed every value into its network calls: nothing secret or personal reaches one with more than low weight (a credential in the auth headers of the documented API is the normal pattern for a client).`,
    });
  }
}
