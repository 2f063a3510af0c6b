/**
 * Registry advisories in the OSV format (https://ossf.github.io/osv-schema/): an offline snapshot
 * (a JSON array, `{vulns: [...]}`, JSON lines, or a folder of `<id>.json` files) indexed by
 * ecosystem and package, matched against an exact version by `affected[].versions` and
 * `affected[].ranges` (SEMVER and ECOSYSTEM events; GIT ranges need the repository and are skipped).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { PackageAdvisory, PackageEcosystem, Severity } from '@sigma/core';
import { SigmaError } from '@sigma/core';
import * as pep440 from '@renovatebot/pep440';
import semver from 'semver';
import { z } from 'zod';
import { digestOf } from './integrity.js';
import { normalizePyName } from './pep508.js';
import { cvss3Score } from './cvss.js';

const Event = z.object({ introduced: z.string().optional(), fixed: z.string().optional(), last_affected: z.string().optional(), limit: z.string().optional() });
const Affected = z
  .object({
    package: z.object({ ecosystem: z.string(), name: z.string() }).passthrough().optional(),
    versions: z.array(z.string()).optional(),
    ranges: z.array(z.object({ type: z.string(), events: z.array(Event) }).passthrough()).optional(),
    ecosystem_specific: z.record(z.string(), z.unknown()).optional(),
    database_specific: z.record(z.string(), z.unknown()).optional(),
  })
  .passthrough();
export const OsvRecord = z
  .object({
    id: z.string(),
    aliases: z.array(z.string()).optional(),
    summary: z.string().optional(),
    details: z.string().optional(),
    modified: z.string().optional(),
    withdrawn: z.string().optional(),
    severity: z.array(z.object({ type: z.string(), score: z.string() })).optional(),
    affected: z.array(Affected).optional(),
    references: z.array(z.object({ type: z.string().optional(), url: z.string() }).passthrough()).optional(),
    database_specific: z.record(z.string(), z.unknown()).optional(),
  })
  .passthrough();
export type OsvRecord = z.infer<typeof OsvRecord>;

export interface OsvIndex {
  /** `sha256:<hex>` of the snapshot's bytes (files in name order for a folder). */
  digest: string;
  count: number;
  byPackage: Map<string, OsvRecord[]>;
}

const keyOf = (eco: PackageEcosystem, name: string): string => `${eco}:${eco === 'PyPI' ? normalizePyName(name) : name}`;

export function indexOsv(records: unknown[], digest: string): OsvIndex {
  const byPackage = new Map<string, OsvRecord[]>();
  let count = 0;
  for (const raw of records) {
    const rec = OsvRecord.safeParse(raw);
    if (!rec.success || rec.data.withdrawn) continue;
    count++;
    const keys = new Set<string>();
    for (const a of rec.data.affected ?? []) {
      const eco = a.package?.ecosystem;
      if (!a.package || (eco !== 'npm' && eco !== 'PyPI')) continue;
      keys.add(keyOf(eco, a.package.name));
    }
    for (const k of keys) byPackage.set(k, [...(byPackage.get(k) ?? []), rec.data]);
  }
  return { digest, count, byPackage };
}

function parseSnapshot(text: string, what: string): unknown[] {
  const t = text.trim();
  if (t === '') return [];
  try {
    const doc = JSON.parse(t) as unknown;
    if (Array.isArray(doc)) return doc;
    if (doc && typeof doc === 'object' && Array.isArray((doc as { vulns?: unknown }).vulns)) return (doc as { vulns: unknown[] }).vulns;
    return [doc];
  } catch {
    try {
      return t
        .split(/\r?\n/)
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as unknown);
    } catch {
      throw new SigmaError('SIGMA_E_PACKAGE_ADVISORIES_INVALID', `${what} is neither JSON nor JSON lines`);
    }
  }
}

/** Loads an OSV snapshot from a file or a folder of JSON files. */
export async function loadOsvSnapshot(path: string, opts: { maxBytes?: number } = {}): Promise<OsvIndex> {
  const maxBytes = opts.maxBytes ?? 1024 * 1024 * 1024;
  let info;
  try {
    info = await stat(path);
  } catch (err) {
    throw new SigmaError('SIGMA_E_PACKAGE_ADVISORIES_INVALID', `the advisory snapshot ${path} cannot be read`, { cause: err });
  }
  const texts: string[] = [];
  let total = 0;
  const paths = info.isDirectory()
    ? (await readdir(path))
        .filter((n) => n.endsWith('.json'))
        .sort()
        .map((n) => join(path, n))
    : [path];
  for (const p of paths) {
    const buf = await readFile(p);
    total += buf.length;
    if (total > maxBytes) throw new SigmaError('SIGMA_E_PACKAGE_ADVISORIES_INVALID', `the advisory snapshot is larger than ${maxBytes} bytes`);
    texts.push(buf.toString('utf8'));
  }
  const records = texts.flatMap((t, i) => parseSnapshot(t, paths[i]!));
  return indexOsv(records, digestOf(new TextEncoder().encode(texts.join('\n'))));
}

type Cmp = (a: string, b: string) => number;

function comparator(eco: PackageEcosystem, type: string): Cmp | null {
  if (type === 'SEMVER' || (type === 'ECOSYSTEM' && eco === 'npm')) {
    const norm = (x: string): string => semver.valid(x, { loose: true }) ?? semver.coerce(x, { includePrerelease: true })?.version ?? '0.0.0';
    return (a, b) => (a === '0' ? (b === '0' ? 0 : -1) : b === '0' ? 1 : semver.compare(norm(a), norm(b), { loose: true }));
  }
  if (type === 'ECOSYSTEM' && eco === 'PyPI') return (a, b) => (a === '0' ? (b === '0' ? 0 : -1) : b === '0' ? 1 : pep440.compare(a, b));
  return null;
}

/** OSV range evaluation: walk events in version order; introduced opens, fixed closes, last_affected closes after itself. */
function inRange(version: string, events: z.infer<typeof Event>[], cmp: Cmp): boolean {
  const points = events
    .flatMap((e) => [
      ...(e.introduced !== undefined ? [{ v: e.introduced, kind: 'introduced' as const }] : []),
      ...(e.fixed !== undefined ? [{ v: e.fixed, kind: 'fixed' as const }] : []),
      ...(e.last_affected !== undefined ? [{ v: e.last_affected, kind: 'last' as const }] : []),
    ])
    .sort((a, b) => cmp(a.v, b.v));
  let affected = false;
  for (const p of points) {
    const c = cmp(version, p.v);
    if (p.kind === 'last') {
      if (c <= 0) break;
      affected = false;
    } else {
      if (c < 0) break;
      affected = p.kind === 'introduced';
    }
  }
  return affected;
}

const GHSA: Record<string, Severity> = { LOW: 'LOW', MODERATE: 'MEDIUM', MEDIUM: 'MEDIUM', HIGH: 'HIGH', CRITICAL: 'CRITICAL' };

function severityOf(rec: OsvRecord, malware: boolean): Severity {
  if (malware) return 'CRITICAL';
  const label = [rec.database_specific?.severity, ...(rec.affected ?? []).map((a) => a.database_specific?.severity ?? a.ecosystem_specific?.severity)].find(
    (s): s is string => typeof s === 'string' && GHSA[s.toUpperCase()] !== undefined,
  );
  if (label) return GHSA[label.toUpperCase()]!;
  const v3 = rec.severity?.find((s) => s.type === 'CVSS_V3');
  const score = v3 ? cvss3Score(v3.score) : null;
  if (score !== null) return score >= 9 ? 'CRITICAL' : score >= 7 ? 'HIGH' : score >= 4 ? 'MEDIUM' : score > 0 ? 'LOW' : 'INFO';
  return 'MEDIUM';
}

/** Advisories of `index` that affect exactly `name@version`, sorted by severity then id. */
export function matchAdvisories(index: OsvIndex, eco: PackageEcosystem, name: string, version: string): PackageAdvisory[] {
  const out: PackageAdvisory[] = [];
  for (const rec of index.byPackage.get(keyOf(eco, name)) ?? []) {
    let hit = false;
    for (const a of rec.affected ?? []) {
      if (!a.package || a.package.ecosystem !== eco || keyOf(eco, a.package.name) !== keyOf(eco, name)) continue;
      if (a.versions?.includes(version)) hit = true;
      for (const r of a.ranges ?? []) {
        const cmp = comparator(eco, r.type);
        if (!cmp) continue;
        try {
          if (inRange(version, r.events, cmp)) hit = true;
        } catch {
          // an unparsable version in the record: that range cannot be evaluated
        }
      }
      if (hit) break;
    }
    if (!hit) continue;
    const malware = rec.id.startsWith('MAL-') || (rec.aliases ?? []).some((x) => x.startsWith('MAL-'));
    out.push({
      id: rec.id,
      aliases: [...(rec.aliases ?? [])].sort(),
      summary: (rec.summary ?? rec.details ?? '').slice(0, 500),
      severity: severityOf(rec, malware),
      malware,
      url: rec.references?.find((r) => r.type === 'ADVISORY')?.url ?? rec.references?.[0]?.url ?? null,
      modified: rec.modified ?? null,
    });
  }
  const rank: Record<Severity, number> = { CRITICAL: 0, HIGH: 1, MEDIUM: 2, LOW: 3, INFO: 4 };
  return out.sort((a, b) => rank[a.severity] - rank[b.severity] || (a.id < b.id ? -1 : 1));
}
