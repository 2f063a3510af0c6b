/** What a distribution says about itself: name, version, declared dependencies, documented hosts. */
import type { DeclaredDependency, DistributionKind, PackageEcosystem } from '@sigma/core';
import { findCoreMetadata, parseCoreMetadata } from './dist.js';
import type { DistFile } from './dist.js';
import { normalizePyName, parseRequirement, evaluateMarker } from './pep508.js';
import { metadataHosts } from './pkg-files.js';
import type { PkgFile } from './pkg-files.js';
import type { TargetEnvironment } from './types.js';

export interface OwnMetadata {
  found: boolean;
  name: string | null;
  version: string | null;
  dependencies: DeclaredDependency[];
  hosts: string[];
  /** Python: the metadata does not list its dependencies (an sdist whose setup.py decides them). */
  dynamicDependencies: boolean;
}

const byName = (a: DeclaredDependency, b: DeclaredDependency): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export function npmOwnMetadata(files: Map<string, PkgFile>): OwnMetadata {
  const f = files.get('package.json');
  let pj: Record<string, unknown> | null = null;
  try {
    pj = f?.text ? (JSON.parse(f.text) as Record<string, unknown>) : null;
  } catch {
    pj = null;
  }
  if (!pj || typeof pj !== 'object') return { found: false, name: null, version: null, dependencies: [], hosts: [], dynamicDependencies: false };
  const rec = (k: string): Record<string, unknown> => (pj[k] && typeof pj[k] === 'object' ? (pj[k] as Record<string, unknown>) : {});
  const deps = new Map<string, DeclaredDependency>();
  for (const [n, s] of Object.entries(rec('dependencies'))) if (typeof s === 'string') deps.set(n, { name: n, spec: s, extras: [], optional: false });
  for (const [n, s] of Object.entries(rec('optionalDependencies'))) if (typeof s === 'string') deps.set(n, { name: n, spec: s, extras: [], optional: true });
  const peerMeta = rec('peerDependenciesMeta') as Record<string, { optional?: unknown }>;
  for (const [n, s] of Object.entries(rec('peerDependencies'))) {
    if (typeof s !== 'string' || deps.has(n) || peerMeta[n]?.optional === true) continue;
    deps.set(n, { name: n, spec: s, extras: [], optional: false });
  }
  const url = (v: unknown): string | null =>
    typeof v === 'string' ? v : v && typeof v === 'object' && typeof (v as { url?: unknown }).url === 'string' ? (v as { url: string }).url : null;
  return {
    found: true,
    name: typeof pj.name === 'string' ? pj.name : null,
    version: typeof pj.version === 'string' ? pj.version : null,
    dependencies: [...deps.values()].sort(byName),
    hosts: metadataHosts([url(pj.homepage), url(pj.repository), url(pj.bugs)]),
    dynamicDependencies: false,
  };
}

export function pythonOwnMetadata(files: DistFile[], kind: DistributionKind, target: TargetEnvironment): OwnMetadata {
  const text = findCoreMetadata(files, kind);
  if (text === null) return { found: false, name: null, version: null, dependencies: [], hosts: [], dynamicDependencies: kind === 'sdist' };
  const md = parseCoreMetadata(text);
  const deps: DeclaredDependency[] = [];
  for (const line of md.requiresDist) {
    try {
      const r = parseRequirement(line);
      if (r.marker && !evaluateMarker(r.marker, target, [])) continue;
      deps.push({ name: r.name, spec: r.url !== null ? `@ ${r.url}` : r.specifier, extras: r.extras, optional: false });
    } catch {
      // reported by the resolver; the analysis keeps what it can read
    }
  }
  const urls = text
    .split(/\r?\n/)
    .filter((l) => /^(?:Home-page|Download-URL|Project-URL):/i.test(l))
    .map((l) => l.replace(/^[^:]+:\s*/, '').replace(/^[^,]*,\s*/, ''));
  const dynamic = kind === 'sdist' && (md.metadataVersion === null || Number(md.metadataVersion) < 2.2 || md.dynamic.includes('requires-dist'));
  return {
    found: true,
    name: md.name ? normalizePyName(md.name) : null,
    version: md.version,
    dependencies: deps.sort(byName),
    hosts: metadataHosts(urls),
    dynamicDependencies: dynamic,
  };
}

export function ownMetadata(
  eco: PackageEcosystem,
  files: DistFile[],
  classified: Map<string, PkgFile>,
  kind: DistributionKind,
  target: TargetEnvironment,
): OwnMetadata {
  return eco === 'npm' ? npmOwnMetadata(classified) : pythonOwnMetadata(files, kind, target);
}
