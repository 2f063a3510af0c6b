/**
 * `analyzePackage`: the verdict on one distribution, a pure function of its bytes, the resolved
 * metadata and the advisory snapshot — so the Package Trust Registry computes it once per
 * (ecosystem, name, version, digest) and reuses it.
 */
import type { DeclaredDependency, Finding, InstallScript, PackageAnalysis, PackageAnalysisType, PackageVerdict, ResolvedPackage, Severity } from '@sigma/core';
import { PACKAGE_ANALYSIS_SCHEMA_VERSION, SEVERITY_RANK } from '@sigma/core';
import { ENGINE_VERSION } from '../version.js';
import { analyseBehaviour } from './behaviour.js';
import { DEFAULT_DIST_LIMITS, unpackDistribution } from './dist.js';
import type { DistLimits } from './dist.js';
import { verifyDistribution } from './fetch.js';
import { npmHooks, pythonHooks } from './hooks.js';
import type { HookPlan } from './hooks.js';
import { digestOf } from './integrity.js';
import { ownMetadata } from './metadata.js';
import { matchAdvisories } from './osv.js';
import type { OsvIndex } from './osv.js';
import { classifyFiles, DEFAULT_PKG_FILE_LIMITS } from './pkg-files.js';
import type { PkgFile, PkgFileLimits } from './pkg-files.js';
import { packageFinding } from './rules.js';
import type { PackageHit } from './rules.js';
import { DEFAULT_TARGET } from './types.js';
import type { TargetEnvironment } from './types.js';

/** Bump on any change that can alter an analysis: the registry re-analyses rows of older versions. */
export const PACKAGE_ANALYZER_VERSION = 'sigma-packages/1.0.0';

export interface AnalyzePackageOptions {
  advisories?: OsvIndex | null;
  distLimits?: Partial<DistLimits>;
  fileLimits?: Partial<PkgFileLimits>;
  target?: TargetEnvironment;
}

export type PackageIdentity = Pick<ResolvedPackage, 'ecosystem' | 'name' | 'version' | 'distribution' | 'dependencies' | 'expectedHashes'>;

const LISTED = 20;

export function analyzePackage(pkg: PackageIdentity, bytes: Uint8Array, opts: AnalyzePackageOptions = {}): PackageAnalysis {
  verifyDistribution({ ...pkg, depth: 1, direct: true, requiredBy: [], pin: 'exact', spec: pkg.version, source: null, beyondDepth: [], notes: [] }, bytes);
  const target = opts.target ?? DEFAULT_TARGET;
  const dist = pkg.distribution;
  const unpacked = unpackDistribution(bytes, dist.kind, dist.filename, { ...DEFAULT_DIST_LIMITS, ...opts.distLimits });
  const files = classifyFiles(unpacked.files, { ...DEFAULT_PKG_FILE_LIMITS, ...opts.fileLimits });
  const byPath = new Map(files.map((f) => [f.path, f]));
  const hits: PackageHit[] = [];
  const notes: string[] = [];

  for (const p of unpacked.problems)
    hits.push({ ruleId: 'PACKAGE_UNREADABLE', severity: 'CRITICAL', blocking: true, file: p.path, line: null, excerpt: p.detail, detail: p.detail });
  const unreadable = unpacked.problems.some((p) => p.kind === 'unreadable');
  if (unreadable) notes.push('the distribution could not be opened');

  const meta = ownMetadata(pkg.ecosystem, unpacked.files, byPath, dist.kind, target);
  if (!unreadable) checkMetadata(pkg, meta, hits, notes);

  const hooks: HookPlan[] = unreadable ? [] : pkg.ecosystem === 'npm' ? npmHooks(byPath) : dist.kind === 'npm-tarball' ? [] : pythonHooks(byPath, dist.kind);
  for (const h of hooks) hookHits(h, hits);
  const behaviour = analyseBehaviour(files, hooks, meta.hosts);
  hits.push(...behaviour.hits);

  fileHits(files, behaviour.partial, hits, notes);
  const advisories = opts.advisories ? matchAdvisories(opts.advisories, pkg.ecosystem, pkg.name, pkg.version) : [];
  for (const a of advisories) {
    hits.push({
      ruleId: a.malware ? 'PACKAGE_KNOWN_MALWARE' : 'PACKAGE_ADVISORY',
      severity: a.severity,
      blocking: a.malware,
      file: null,
      line: null,
      excerpt: `${a.id}: ${a.summary}`,
      detail: `${a.id}${a.aliases.length ? ` (${a.aliases.join(', ')})` : ''}: ${a.summary}`,
    });
  }

  const findings = dedupe(hits.map(packageFinding));
  const stats = statsOf(files, unpacked.files.length);
  const analysisType = typeOf(stats, files, hooks, behaviour.partial, unreadable, notes);
  const { verdict, reasons } = verdictOf(
    findings,
    analysisType,
    notes,
    advisories.map((a) => a.severity),
  );
  const highest = findings.reduce<Severity | null>((m, f) => (m === null || SEVERITY_RANK[f.severity] > SEVERITY_RANK[m] ? f.severity : m), null);
  return {
    schemaVersion: PACKAGE_ANALYSIS_SCHEMA_VERSION,
    analyzerVersion: PACKAGE_ANALYZER_VERSION,
    engineVersion: ENGINE_VERSION,
    ecosystem: pkg.ecosystem,
    name: pkg.name,
    version: pkg.version,
    digest: digestOf(bytes),
    integrity: dist.integrity,
    distribution: { filename: dist.filename, kind: dist.kind, bytes: bytes.length },
    analysisType,
    analysisNotes: analysisType === 'FULL' ? [] : [...new Set(notes)],
    files: stats,
    installScripts: hooks.map((h): InstallScript => h.script),
    findings,
    advisories,
    advisorySnapshot: opts.advisories?.digest ?? null,
    dependencies: meta.dependencies,
    verdict,
    reasons,
    highestSeverity: highest,
  };
}

function checkMetadata(pkg: PackageIdentity, meta: ReturnType<typeof ownMetadata>, hits: PackageHit[], notes: string[]): void {
  const where = pkg.ecosystem === 'npm' ? 'package.json' : pkg.distribution.kind === 'wheel' ? 'METADATA' : 'PKG-INFO';
  if (!meta.found) {
    if (pkg.ecosystem === 'npm' || pkg.distribution.kind === 'wheel') {
      hits.push({
        ruleId: 'PACKAGE_UNREADABLE',
        severity: 'CRITICAL',
        blocking: true,
        file: null,
        line: null,
        excerpt: `no ${where}`,
        detail: `The distribution has no readable ${where}.`,
      });
      notes.push(`no readable ${where}`);
    }
    return;
  }
  const sameName = pkg.ecosystem === 'npm' ? meta.name === pkg.name : meta.name === pkg.name.toLowerCase().replace(/[-_.]+/g, '-');
  const sameVersion = meta.version === pkg.version || (meta.version !== null && pkg.ecosystem === 'PyPI' && meta.version.replace(/^v/, '') === pkg.version);
  if (!sameName || !sameVersion) {
    hits.push({
      ruleId: 'PACKAGE_METADATA_MISMATCH',
      severity: 'CRITICAL',
      blocking: true,
      file: where,
      line: null,
      excerpt: `${meta.name ?? '?'}@${meta.version ?? '?'}`,
      detail: `The archive says ${meta.name ?? '?'}@${meta.version ?? '?'}; the registry lists ${pkg.name}@${pkg.version}.`,
    });
  }
  if (meta.dynamicDependencies) notes.push('the sdist decides its dependencies when setup.py runs; they are not all listed in its metadata');
  if (pkg.ecosystem === 'npm') {
    const names = (ds: DeclaredDependency[]): string => ds.map((d) => `${d.name}@${d.spec}`).join(', ');
    const reg = new Set(pkg.dependencies.map((d) => d.name));
    const own = new Set(meta.dependencies.map((d) => d.name));
    const hidden = meta.dependencies.filter((d) => !reg.has(d.name));
    const extra = pkg.dependencies.filter((d) => !own.has(d.name));
    if (hidden.length > 0 || extra.length > 0) {
      hits.push({
        ruleId: 'PACKAGE_MANIFEST_CONFUSION',
        severity: 'HIGH',
        file: 'package.json',
        line: null,
        excerpt: `archive: ${names(meta.dependencies) || 'none'}`,
        detail: `Only in the archive: ${names(hidden) || 'none'}; only in the registry: ${names(extra) || 'none'}.`,
      });
    }
  }
}

function hookHits(h: HookPlan, hits: PackageHit[]): void {
  const s = h.script;
  const what = s.command ?? (s.hook === 'pth' ? `${s.file} runs at every interpreter start` : `${s.file} runs at install`);
  hits.push({ ruleId: 'PACKAGE_INSTALL_SCRIPT', severity: 'INFO', file: s.file, line: s.line, excerpt: what, detail: `Hook ${s.hook}: ${what}.` });
  if (h.fetchExecute) {
    hits.push({
      ruleId: 'PACKAGE_INSTALL_FETCH_EXECUTE',
      severity: 'CRITICAL',
      blocking: true,
      file: s.file,
      line: s.line,
      excerpt: h.fetchExecute,
      detail: `Hook ${s.hook}.`,
    });
  }
  if (h.native)
    hits.push({
      ruleId: 'PACKAGE_NATIVE_CODE',
      severity: 'MEDIUM',
      file: s.file,
      line: s.line,
      excerpt: what,
      detail: 'Native code is built or downloaded at install.',
    });
  if (h.npx) hits.push({ ruleId: 'PACKAGE_INSTALL_REMOTE_PACKAGE', severity: 'MEDIUM', file: s.file, line: s.line, excerpt: h.npx });
  for (const p of h.problems)
    hits.push({ ruleId: 'PACKAGE_FILE_NOT_ANALYSED', severity: 'MEDIUM', file: s.file, line: s.line, excerpt: p, detail: `Hook ${s.hook}: ${p}.` });
}

function fileHits(files: PkgFile[], partial: string[], hits: PackageHit[], notes: string[]): void {
  const binaries = files.filter((f) => f.kind === 'binary' || f.kind === 'bytecode');
  for (const f of binaries.slice(0, LISTED)) {
    hits.push({
      ruleId: 'PACKAGE_NATIVE_CODE',
      severity: 'MEDIUM',
      file: f.path,
      line: null,
      excerpt: `${f.path} (${f.size} bytes)`,
      detail: `A prebuilt ${f.kind === 'bytecode' ? 'bytecode file' : 'binary'}.`,
    });
  }
  if (binaries.length > LISTED) notes.push(`${binaries.length - LISTED} more binaries are not listed`);
  if (binaries.length > 0) notes.push(`${binaries.length} prebuilt binary or bytecode file(s) cannot be read by the code engine`);
  const skipped = files.filter((f) => f.kind === 'script' && f.text === null);
  for (const f of skipped.slice(0, LISTED))
    hits.push({ ruleId: 'PACKAGE_FILE_NOT_ANALYSED', severity: 'LOW', file: f.path, line: null, excerpt: `${f.path}: ${f.skipped ?? 'not read'}` });
  if (skipped.length > 0) notes.push(`${skipped.length} script(s) not analysed (size cap, budget or encoding)`);
  for (const p of partial.slice(0, LISTED)) hits.push({ ruleId: 'PACKAGE_FILE_NOT_ANALYSED', severity: 'LOW', file: p.split(':')[0]!, line: null, excerpt: p });
  if (partial.length > 0) notes.push(`${partial.length} script(s) parsed only in part`);
  const unreadable = files.filter((f) => f.kind === 'unreadable');
  if (unreadable.length > 0) notes.push(`${unreadable.length} file(s) over the archive limits were not read`);
}

function statsOf(files: PkgFile[], total: number): PackageAnalysis['files'] {
  const scripts = files.filter((f) => f.kind === 'script');
  const binaries = files.filter((f) => f.kind === 'binary' || f.kind === 'bytecode');
  return {
    total,
    bytes: files.reduce((n, f) => n + f.size, 0),
    scripts: scripts.length,
    scriptsAnalysed: scripts.filter((f) => f.text !== null).length,
    binaries: binaries.length,
    binaryBytes: binaries.reduce((n, f) => n + f.size, 0),
  };
}

function typeOf(
  stats: PackageAnalysis['files'],
  files: PkgFile[],
  hooks: HookPlan[],
  partial: string[],
  unreadable: boolean,
  notes: string[],
): PackageAnalysisType {
  const analysedBytes = files.filter((f) => f.kind === 'script' && f.text !== null).reduce((n, f) => n + f.size, 0);
  if (stats.binaryBytes > 0 && analysedBytes < stats.binaryBytes / 10) {
    notes.push(`the code is mostly prebuilt binaries (${stats.binaryBytes} bytes of binaries, ${analysedBytes} bytes of readable scripts)`);
    return 'BINARY_ONLY';
  }
  for (const h of hooks) if (!h.script.analysed && h.script.note) notes.push(`${h.script.hook}: ${h.script.note}`);
  const incomplete =
    unreadable ||
    stats.binaries > 0 ||
    stats.scriptsAnalysed < stats.scripts ||
    partial.length > 0 ||
    hooks.some((h) => !h.script.analysed) ||
    files.some((f) => f.kind === 'unreadable');
  return incomplete ? 'PARTIAL' : 'FULL';
}

function verdictOf(
  findings: Finding[],
  type: PackageAnalysisType,
  notes: string[],
  advisorySeverities: Severity[],
): { verdict: PackageVerdict; reasons: string[] } {
  const at = (f: Finding): string => (f.file ? ` (${f.file}${f.line ? `:${f.line}` : ''})` : '');
  const blocking = findings.filter((f) => f.blocking);
  if (blocking.length > 0) return { verdict: 'BLOCKED', reasons: blocking.map((f) => `${f.title}${at(f)}`) };
  const reasons: string[] = [];
  if (type !== 'FULL') reasons.push(`analysis is ${type}: ${[...new Set(notes)].join('; ')}`);
  for (const f of findings) if (SEVERITY_RANK[f.severity] >= SEVERITY_RANK.HIGH) reasons.push(`${f.severity} ${f.title}${at(f)}`);
  if (advisorySeverities.some((s) => SEVERITY_RANK[s] === SEVERITY_RANK.MEDIUM)) reasons.push('a MEDIUM advisory affects this version');
  return { verdict: reasons.length > 0 ? 'REVIEW' : 'CLEAN', reasons: [...new Set(reasons)] };
}

function dedupe(findings: Finding[]): Finding[] {
  const byId = new Map<string, Finding>();
  for (const f of findings) {
    const have = byId.get(f.id);
    if (!have || SEVERITY_RANK[f.severity] > SEVERITY_RANK[have.severity]) byId.set(f.id, f);
  }
  return [...byId.values()].sort(
    (a, b) =>
      SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
      (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
      (a.file ?? '').localeCompare(b.file ?? '') ||
      (a.line ?? 0) - (b.line ?? 0),
  );
}
