/**
 * Measured on the real dev corpus (../shared/corpus/dev from the repo root, read-only). When the
 * corpus is absent (a clone without the shared folder) these tests are skipped — the reason is the
 * missing data, not a failing check. Labels come only from manifest.jsonl; `_labels/` is never read.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EvidenceReport } from '@sigma/core';
import { describe, expect, it } from 'vitest';
import { analyze, ingestPath } from '../src/index.js';
import type { InputFile } from '../src/index.js';
import { evalSample, readManifest, summarize } from '../scripts/eval.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..', '..');
// SIGMA_CORPUS_DIR, else ../shared/corpus/dev beside the checkout, else the workplace's shared folder.
const CORPUS =
  [process.env.SIGMA_CORPUS_DIR, join(repoRoot, '..', 'shared', 'corpus', 'dev'), '/work/shared/corpus/dev'].find(
    (d): d is string => !!d && existsSync(join(d, 'manifest.jsonl')),
  ) ?? join(repoRoot, '..', 'shared', 'corpus', 'dev');
const present = existsSync(join(CORPUS, 'manifest.jsonl'));

/** Words that name a sample's label; fixtures often describe themselves with them. */
const LABEL_WORDS = /\b(?:malicious|benign|dual-use|vulnerable|vulnerability|poisoned|exfiltrates)\b/gi;

function projection(r: EvidenceReport): string {
  return JSON.stringify({
    blocked: r.blocked,
    risk: r.sandboxRiskLevel,
    counts: [
      r.sourceFacts.highRiskSignalCount,
      r.sourceFacts.promptInjectionSignalCount,
      r.sourceFacts.realSecretSignalCount,
      r.sourceFacts.manifestMismatchCount,
    ],
    caps: [r.sourceFacts.shell, r.sourceFacts.env, r.sourceFacts.process, r.sourceFacts.filesystem, r.sourceFacts.wallet, r.sourceFacts.network],
    findings: r.findings.map((f) => `${f.ruleId}|${f.file}|${f.line}|${f.severity}|${f.blocking}`).sort(),
  });
}

describe.skipIf(!present)('dev corpus (skipped only when ../shared/corpus/dev is absent)', () => {
  it('meets the recall and false-positive targets', async () => {
    const samples = readManifest(CORPUS);
    expect(samples.length).toBeGreaterThan(20);
    const results = [];
    for (const s of samples) results.push(await evalSample(CORPUS, s));
    const sum = summarize(results);
    expect(sum.recall.p).toBeGreaterThanOrEqual(0.9);
    expect(sum.benignFp.p).toBeLessThanOrEqual(0.05);
    expect(sum.dualUseFp.p).toBeLessThanOrEqual(0.15);
    // Dual-use and benign skills must not push the consensus into escalation either.
    for (const r of results.filter((x) => x.label !== 'malicious')) {
      expect({ id: r.id, pi: r.promptInjection, secrets: r.secrets, blocked: r.blocked }).toEqual({ id: r.id, pi: 0, secrets: 0, blocked: false });
    }
  }, 60_000);

  it('results do not change when label words in the samples are reworded', async () => {
    const samples = readManifest(CORPUS);
    let changedText = 0;
    for (const s of samples) {
      const ing = await ingestPath(join(CORPUS, s.id));
      const original = await analyze(ing);
      const reworded: InputFile[] = ing.files.map((f) => {
        const text = Buffer.from(f.bytes).toString('utf8');
        if (!Buffer.from(text, 'utf8').equals(Buffer.from(f.bytes)) || !LABEL_WORDS.test(text)) return f;
        LABEL_WORDS.lastIndex = 0;
        changedText++;
        // Same length, different word: keeps every line and offset in place.
        const out = text.replace(LABEL_WORDS, (w) => 'x'.repeat(w.length));
        return { path: f.path, bytes: new TextEncoder().encode(out) };
      });
      const after = await analyze({ ...ing, files: reworded });
      expect(projection(after), s.id).toBe(projection(original));
    }
    // The corpus really does contain such words, so the test exercised something.
    expect(changedText).toBeGreaterThan(5);
  }, 60_000);

  it('never reads _labels/: ingesting a sample sees only its own folder', async () => {
    for (const s of readManifest(CORPUS).slice(0, 10)) {
      const ing = await ingestPath(join(CORPUS, s.id));
      for (const f of ing.files) expect(f.path.includes('_labels')).toBe(false);
    }
  });
});

describe('engine source', () => {
  it('contains no label words and no reference to _labels (rules judge behaviour, not self-descriptions)', () => {
    const src = join(here, '..', 'src');
    const files: string[] = [];
    const walk = (d: string): void => {
      for (const n of readdirSync(d)) {
        const p = join(d, n);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith('.ts') && !p.endsWith('.test.ts')) files.push(p);
      }
    };
    walk(src);
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      expect(text.match(/\b(?:malicious|benign|dual-use|vulnerable|poisoned|exfiltrates)\b/gi), relative(src, f)).toBeNull();
      expect(text.includes('_labels'), relative(src, f)).toBe(false);
    }
  });
});
