import { SEVERITY_RANK } from '@sigma/core';
import type { Severity } from '@sigma/core';
import type { Hit } from '../hit.js';
import type { AnalyzedFile, RuleCategory } from '../rule.js';
import { skillRule } from '../rule.js';
import { CONTEXTUAL_CATEGORIES } from './categories.js';

/**
 * Content the skill analyses rather than runs or follows: test inputs nothing runs, detection
 * signatures, regular expressions, and phrase lists its own code loads. A finding inside such data
 * describes what the skill looks for; it is lowered two levels (never below LOW), stops blocking,
 * and says why. What makes a file "data" is where it sits and how the rest of the skill uses it —
 * never what the finding says.
 */

/** Categories whose hits depend on whether the text is run or only looked at (decoded payloads too). */
const LOWERABLE: ReadonlySet<RuleCategory> = new Set<RuleCategory>([...CONTEXTUAL_CATEGORIES, 'obfuscation']);

const ORDER: Severity[] = ['INFO', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];
const lowered = (s: Severity): Severity => ORDER[Math.max(Math.min(SEVERITY_RANK[s], 1), SEVERITY_RANK[s] - 2)]!;

const FIXTURE_DIR = /(?:^|\/)(?:tests?|__tests__|spec|fixtures?|testdata|test-data|test_cases|samples?|corpus)\//i;
/** Commands that run code or a test suite: a fixture referenced by one of these is run, not read. */
const RUNNER = /\b(?:python[\d.]*|node|deno|bun|tsx|ts-node|bash|sh|zsh|ruby|perl|pwsh|powershell|php)\s+(?:-\S+\s+)*["']?(?:\.{0,2}\/)?([\w./-]+)/g;
const TEST_RUNNER =
  /\b(?:pytest|py\.test|unittest|nose2|tox|jest|vitest|mocha|ava|npm\s+(?:run\s+)?test|yarn\s+test|pnpm\s+test|go\s+test|cargo\s+test|make\s+test|rspec|phpunit)\b/i;
const DETECTION_FILE = /\.(?:yara?|rules|sigma)$/i;
const DETECTION_YAML = /^(?:detection|logsource)\s*:|^\s*-?\s*pattern(?:s|-either|-regex|-inside|-not)?\s*:/m;
const REGEX_LINE =
  /\bre\.(?:compile|search|match|fullmatch|findall|finditer|sub|split)\s*\(|\bRegExp\s*\(|(?:^|[=(,:!&|?]\s*)\/(?![/*])(?:[^/\\\n]|\\.){6,}\/[dgimsuy]*|\bregexp?\s*[:=]|\bpattern\s*[:=]|\bpatterns\s*=/i;
const CODE_EXT = /\.(?:py|pyw|js|mjs|cjs|ts|mts|cts|jsx|tsx|sh|bash|rb|go|ps1)$/i;
// Word and phrase lists only: JSON/YAML a server loads may be handed to the agent (tool output).
const DATA_EXT = /\.(?:txt|csv|tsv|lst|list|dat)$/i;

const base = (p: string): string => p.replace(/^.*\//, '');

function ranByRunner(path: string, files: readonly AnalyzedFile[]): boolean {
  const name = base(path);
  for (const f of files) {
    if (f.path === path || f.text === null) continue;
    for (const m of f.text.matchAll(RUNNER)) if (base(m[1]!) === name || m[1] === path) return true;
  }
  return false;
}

/** Why a file is data to the skill, or null. */
export function dataReason(f: AnalyzedFile, files: readonly AnalyzedFile[], testsRun: boolean): string | null {
  if (f.text === null || f.kind === 'markdown') return null;
  if (DETECTION_FILE.test(f.path)) return `${f.path} is a detection-rule file: its strings are signatures to match, not commands`;
  if (/\.ya?ml$/i.test(f.path) && DETECTION_YAML.test(f.text)) return `${f.path} is a detection rule (Sigma/Semgrep): its patterns are what it matches`;
  if (FIXTURE_DIR.test(f.path) && !testsRun && !ranByRunner(f.path, files))
    return `${f.path} is test input (in a test or fixture folder, and nothing in the skill runs it)`;
  if (DATA_EXT.test(f.path)) {
    const loader = files.find((o) => o !== f && o.text !== null && CODE_EXT.test(o.path) && o.text.includes(base(f.path)));
    if (loader) return `${f.path} is data that ${loader.path} loads`;
  }
  return null;
}

export const DATA_CONTEXT = skillRule({
  name: 'data-context',
  meta: [],
  run(ctx) {
    const testsRun = ctx.files.some((f) => f.text !== null && TEST_RUNNER.test(f.text) && !FIXTURE_DIR.test(f.path));
    const reasons = new Map<string, string | null>();
    const reasonFor = (f: AnalyzedFile): string | null => {
      if (!reasons.has(f.path)) reasons.set(f.path, dataReason(f, ctx.files, testsRun));
      return reasons.get(f.path)!;
    };
    const byPath = new Map(ctx.files.map((f) => [f.path, f]));
    for (const h of ctx.hits as Hit[]) {
      if (h.file === null || h.ruleId.startsWith('UNANALYZABLE_') || h.ruleId === 'PROMPT_INTENT') continue;
      const meta = ctx.ruleMeta(h.ruleId);
      const f = byPath.get(h.file);
      if (!meta || !f || !LOWERABLE.has(meta.category)) continue;
      const now = ctx.severityOf(h);
      if (SEVERITY_RANK[now] <= SEVERITY_RANK.LOW) continue;
      let reason = reasonFor(f);
      if (!reason && h.line !== null && CODE_EXT.test(f.path)) {
        const line = f.text?.split(/\r?\n/)[h.line - 1] ?? '';
        if (
          REGEX_LINE.test(line) &&
          !/\b(?:exec|eval|system|popen|spawn|subprocess|child_process|fetch|requests|urlopen|curl|wget)\b/.test(line.replace(/(["'`])(?:\\.|(?!\1).)*\1/g, ''))
        )
          reason = `${h.file}:${h.line} is a regular expression or pattern the code searches for`;
      }
      if (!reason) continue;
      ctx.adjust(h, { severity: lowered(now), blocking: false, reason: `Data, not instructions: ${reason}.` });
    }
  },
});
