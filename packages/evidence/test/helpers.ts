import type { EvidenceReport } from '@sigma/core';
import { analyze } from '../src/index.js';
import type { AnalyzeOptions, InputFile } from '../src/index.js';

const enc = new TextEncoder();

export function file(path: string, content: string | Uint8Array): InputFile {
  return { path, bytes: typeof content === 'string' ? enc.encode(content) : content };
}

export const FIXED_NOW = (): Date => new Date('2026-01-01T00:00:00.000Z');

export function skillMd(body: string, frontMatter = 'name: demo\ndescription: A demo skill for tests.'): string {
  return `---\n${frontMatter}\n---\n\n${body}\n`;
}

/** Analyses a skill given as { path: content } with a fixed clock. */
export async function run(files: Record<string, string | Uint8Array>, opts: AnalyzeOptions = {}): Promise<EvidenceReport> {
  return analyze(
    Object.entries(files).map(([p, c]) => file(p, c)),
    { now: FIXED_NOW, ...opts },
  );
}

export function ruleIds(r: EvidenceReport): string[] {
  return [...new Set(r.findings.map((f) => f.ruleId))].sort();
}

export function has(r: EvidenceReport, ruleId: string): boolean {
  return r.findings.some((f) => f.ruleId === ruleId);
}

export function flagged(r: EvidenceReport): boolean {
  return r.blocked || r.sourceFacts.highRiskSignalCount > 0;
}
