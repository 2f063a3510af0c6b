/**
 * `npm run eval [-- <dir>…] [--corpus <dir>]… [--json] [--verbose] [--static-only]`
 *
 * Measures detection on labelled corpora (docs/detection.md): the static evidence engine and the
 * offline council (the built-in reviewers + the consensus policy, in-process, as a round runs them).
 * Without a directory: packages/evidence/corpus and the shared dev corpus when present.
 */
import { pathToFileURL } from 'node:url';
import { FLAGGED_DEFINITION, parseArgs, renderTiming } from '../packages/evidence/scripts/eval.js';
import { fmtRate, type Rate } from '../packages/evidence/scripts/eval-stats.js';
import { councilSettings } from './eval/council.js';
import { COUNCIL_DEFINITION, evalCorpus, type CorpusEval } from './eval/run.js';

const col = (r: Rate | undefined): string => (r ? fmtRate(r) : '').padEnd(30);

export function render(e: CorpusEval, verbose = false): string {
  const s = e.static;
  const c = e.council;
  const counts = ['malicious', 'benign', 'dual-use'].map((l) => `${s.samples.filter((x) => x.label === l).length} ${l}`).join(', ');
  const out: string[] = [];
  out.push(`corpus: ${e.corpus}`);
  out.push(`  ${e.samples} samples (${counts}); ${s.twins.pairs} twin pairs`);
  out.push(`  static:  flagged = ${FLAGGED_DEFINITION}`);
  if (c) out.push(`  council: ${COUNCIL_DEFINITION}`);
  out.push('');
  out.push(`${''.padEnd(24)}${'static engine'.padEnd(30)}${c ? 'offline council' : ''}`);
  out.push(`${'recall (malicious)'.padEnd(24)}${col(s.recall)}${c ? col(c.recall) : ''}`);
  out.push(`${'FP rate (benign)'.padEnd(24)}${col(s.benignFp)}${c ? col(c.benignFp) : ''}`);
  out.push(`${'FP rate (dual-use)'.padEnd(24)}${col(s.dualUseFp)}${c ? col(c.dualUseFp) : ''}`);
  out.push(
    `${'twins discriminated'.padEnd(24)}${`${s.twins.discriminated}/${s.twins.pairs}`.padStart(7).padEnd(30)}${c ? `${c.twins.discriminated}/${c.twins.pairs}`.padStart(7) : ''}`,
  );
  if (c) {
    out.push('');
    out.push(`council, held for an operator:  malicious ${fmtRate(c.held.malicious)}  benign ${fmtRate(c.held.benign)}  dual-use ${fmtRate(c.held.dualUse)}`);
    out.push(
      `council, not approved (REJECT or held):  malicious ${fmtRate(c.notApproved.malicious)}  benign ${fmtRate(c.notApproved.benign)}  dual-use ${fmtRate(c.notApproved.dualUse)}`,
    );
    out.push(
      `council, decided by:  evidence gate ${c.stages.evidence}, assembly ${c.stages.assembly}, escalation assembly ${c.stages.escalation}, operator (held) ${c.stages.operator}`,
    );
  }
  out.push('');
  out.push(`${'label'.padEnd(10)} ${'category'.padEnd(34)} ${'n'.padStart(3)}  ${'static'.padEnd(8)}${c ? 'council REJECT (+held)' : ''}`);
  for (const row of s.categories) {
    const cr = c?.categories.find((x) => x.label === row.label && x.category === row.category);
    out.push(
      `${row.label.padEnd(10)} ${row.category.slice(0, 34).padEnd(34)} ${String(row.n).padStart(3)}  ${`${row.flagged}/${row.n}`.padEnd(8)}${cr ? `${cr.flagged}/${cr.n}${cr.held ? ` (+${cr.held})` : ''}` : ''}`,
    );
  }
  if (e.traits.some((t) => !t.trait.startsWith('kind:')) || e.traits.some((t) => t.trait !== 'kind:skill')) {
    out.push('');
    out.push(`${'trait'.padEnd(14)} ${'label'.padEnd(10)} ${'n'.padStart(3)}  ${'static'.padEnd(8)}${c ? 'council REJECT' : ''}`);
    for (const t of e.traits) {
      out.push(
        `${t.trait.padEnd(14)} ${t.label.padEnd(10)} ${String(t.n).padStart(3)}  ${`${t.static}/${t.n}`.padEnd(8)}${t.council === null ? '' : `${t.council}/${t.n}`}`,
      );
    }
  }
  out.push('');
  out.push(renderTiming(s.timing));
  const wrongStatic = s.samples.filter((r) => (r.label === 'malicious') !== r.flagged);
  out.push('');
  out.push(`static misclassified (${wrongStatic.length}):`);
  for (const r of wrongStatic) out.push(`  ${r.label.padEnd(9)} ${r.id}${r.reasons.length ? `  [${r.reasons.join(', ')}]` : ''}`);
  if (c) {
    const wrong = c.samples.filter((r) => (r.label === 'malicious') !== r.flagged);
    out.push(`council misclassified (${wrong.length}):`);
    for (const r of wrong) out.push(`  ${r.label.padEnd(9)} ${r.id}  ${r.outcome} (${r.stage})`);
  }
  const pairs = (c ?? s).twins;
  if (pairs.incomplete.length) out.push(`incomplete twin pairs (not counted): ${pairs.incomplete.join(', ')}`);
  if (verbose) {
    out.push('');
    for (const r of s.samples) {
      const cr = c?.samples.find((x) => x.id === r.id);
      const votes = cr?.seats.map((v) => `${v.phase}:${v.modelId.replace('sigma-', '')}=${v.verdict ?? v.status}${v.blocking ? '!' : ''}`).join(' ') ?? '';
      out.push(
        `${r.flagged ? 'FLAG' : '    '} ${cr ? cr.outcome.padEnd(8) : ''} ${r.label.padEnd(9)} ${r.analyzeMs.toFixed(1).padStart(6)}ms ${r.id}  [${r.reasons.join(', ')}] ${votes}`,
      );
    }
  }
  return out.join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args.dirs.length === 0) {
    process.stderr.write('usage: npm run eval -- [<corpus-dir>…] [--corpus <dir>]… [--json] [--verbose] [--static-only]\n');
    return 2;
  }
  const settings = argv.includes('--static-only') ? null : councilSettings();
  const results: CorpusEval[] = [];
  for (const dir of args.dirs) results.push(await evalCorpus(dir, settings));
  if (args.json) {
    process.stdout.write(
      `${JSON.stringify({ flaggedDefinition: FLAGGED_DEFINITION, councilDefinition: settings ? COUNCIL_DEFINITION : null, settings, corpora: results }, null, 2)}\n`,
    );
    return 0;
  }
  process.stdout.write(`${results.map((r) => render(r, args.verbose)).join('\n\n')}\n`);
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
      process.exit(2);
    },
  );
}
