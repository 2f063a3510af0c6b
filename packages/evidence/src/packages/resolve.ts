/**
 * `resolveDependencies`: every package of the tree to `maxDepth`, each fixed to one version and the
 * registry's digest for its distribution — the resolution frozen into a quote. Breadth-first, so a
 * package's depth is its shortest path; lockfile versions win (npm); ranges resolve to the highest
 * satisfying version. Fails closed: an unresolvable, refused or conflicting spec anywhere in the tree,
 * or more packages than `cap`, throws a SigmaError naming it.
 */
import type { DeclaredDependency, PackageEcosystem, PackagePin, PackageResolution, ResolvedPackage } from '@sigma/core';
import { SigmaError } from '@sigma/core';
import type { ErrorCode } from '@sigma/core';
import type { ParsedManifests } from './manifest.js';
import { lockLookup } from './manifest-npm.js';
import type { NpmLockEntry } from './manifest-npm.js';
import { bestNpmVersion, classifyNpmSpec, npmSatisfies } from './npm-spec.js';
import { pipHashToSri } from './integrity.js';
import { bestPyVersion, exactPin, normalizePyName, pyMatchesEverything, pySatisfies, validSpecifier } from './pep508.js';
import { DEFAULT_TARGET } from './types.js';
import type { RegistryClient, RegistryVersion, TargetEnvironment } from './types.js';
import { fail, keyOf, label, pickDistribution, platformOk } from './resolve-want.js';
import type { Want } from './resolve-want.js';

export interface ResolveOptions {
  /** Depth of the tree to resolve (1 = direct dependencies only). Default 3. */
  maxDepth?: number;
  /** Most packages in the whole tree; more fails closed. Default 200. */
  cap?: number;
  includeOptional?: boolean;
  target?: TargetEnvironment;
}

export type Registries = Partial<Record<PackageEcosystem, RegistryClient>>;

export async function resolveDependencies(
  manifests: Pick<ParsedManifests, 'dependencies' | 'errors' | 'npmLock'>,
  registries: Registries,
  opts: ResolveOptions = {},
): Promise<PackageResolution> {
  const maxDepth = opts.maxDepth ?? 3;
  const cap = opts.cap ?? 200;
  const target = opts.target ?? DEFAULT_TARGET;
  const includeOptional = opts.includeOptional ?? true;
  const first = manifests.errors[0];
  if (first) {
    throw new SigmaError(first.code as ErrorCode, `${first.file}${first.line ? `:${first.line}` : ''}: ${first.message}`, {
      details: { issues: manifests.errors },
    });
  }
  const lock = manifests.npmLock;
  const packages = new Map<string, ResolvedPackage>();
  const pyChosen = new Map<string, string>();
  const extrasSeen = new Map<string, Set<string>>();
  const visitedLockPaths = new Set<string>();
  let level: Want[] = manifests.dependencies.map((d) => ({
    ecosystem: d.ecosystem,
    name: d.name,
    installedAs: d.alias ?? d.name,
    spec: d.spec,
    depth: 1,
    parent: null,
    parentLockPath: '',
    source: d.source,
    lockVersion: d.pin === 'lockfile' ? d.version : null,
    expected: [...(d.integrity ? [d.integrity] : []), ...d.hashes.map((h) => pipHashToSri(h) ?? h)],
    extras: d.extras,
    optional: d.optional,
    fromLock: d.pin === 'lockfile',
  }));

  const clientFor = (eco: PackageEcosystem): RegistryClient => {
    const c = registries[eco];
    if (!c) throw new SigmaError('SIGMA_E_CONFIG_INVALID', `no ${eco} registry is configured`);
    return c;
  };

  while (level.length > 0) {
    // Warm the version lists of this level concurrently; decisions below stay sequential and ordered.
    await Promise.all(
      [...new Set(level.filter((w) => !(w.ecosystem === 'npm' && lock && w.fromLock)).map((w) => `${w.ecosystem}\u0000${w.name}`))].map((k) => {
        const [eco, name] = k.split('\u0000') as [PackageEcosystem, string];
        return clientFor(eco)
          .versions(name)
          .catch(() => undefined);
      }),
    );
    const next: Want[] = [];
    for (const w of level) {
      const client = clientFor(w.ecosystem);
      const npm = w.ecosystem === 'npm';
      let name = w.name;
      let range = w.spec;
      let pin: PackagePin;
      let lockEntry: NpmLockEntry | null = null;
      if (npm) {
        const cls = classifyNpmSpec(w.spec);
        if (cls.kind === 'refused') {
          if (w.optional) continue;
          fail(cls.code, `${w.parent ?? w.source?.file}: ${w.installedAs}: ${cls.reason}`, w);
        }
        const inner = cls.kind === 'alias' ? cls.inner : cls;
        if (cls.kind === 'alias') name = cls.name;
        range = inner.kind === 'exact' ? inner.version : inner.kind === 'range' ? inner.range : w.spec;
        pin = inner.kind === 'exact' ? 'exact' : 'range';
        if (lock && w.fromLock) {
          lockEntry = lockLookup(lock, w.parentLockPath, w.installedAs);
          if (!lockEntry) {
            if (w.optional) continue;
            fail('SIGMA_E_PACKAGE_LOCK_MISMATCH', `${lock.file} has no entry for ${w.installedAs}, required by ${w.parent ?? 'the submission'}`, w);
          }
          if (lockEntry.name !== name || !npmSatisfies(lockEntry.version, range)) {
            fail(
              'SIGMA_E_PACKAGE_LOCK_MISMATCH',
              `${lock.file} locks ${lockEntry.name}@${lockEntry.version}, which does not satisfy ${w.installedAs}@${w.spec}`,
              w,
            );
          }
          if (!platformOk(lockEntry, target) && lockEntry.optional) continue;
          pin = 'lockfile';
        }
      } else {
        name = normalizePyName(w.name);
        if (w.spec.startsWith('@')) fail('SIGMA_E_PACKAGE_SPEC_URL', `${w.parent}: ${name} ${w.spec} is a direct URL; only registry packages are accepted`, w);
        if (w.spec !== '' && !validSpecifier(w.spec)) fail('SIGMA_E_PACKAGE_SPEC_INVALID', `${w.parent}: ${name}${w.spec} is not a PEP 440 specifier`, w);
        if (w.parent === null && pyMatchesEverything(w.spec)) fail('SIGMA_E_PACKAGE_SPEC_UNPINNED', `${name} is not pinned`, w);
        pin = exactPin(w.spec) ? 'exact' : 'range';
      }
      const versions = await client.versions(name).catch((err: unknown) => {
        if (w.optional && err instanceof SigmaError && err.code === 'SIGMA_E_PACKAGE_NOT_FOUND') return null;
        throw err;
      });
      if (versions === null) continue;
      let chosen: RegistryVersion | undefined;
      const notes: string[] = [];
      if (lockEntry) chosen = versions.find((v) => v.version === lockEntry.version);
      else if (npm) {
        const live = versions.filter((v) => v.deprecated === null).map((v) => v.version);
        const best =
          bestNpmVersion(live, range) ??
          bestNpmVersion(
            versions.map((v) => v.version),
            range,
          );
        chosen = versions.find((v) => v.version === best);
      } else {
        const already = pyChosen.get(name);
        const exact = exactPin(w.spec);
        if (already !== undefined) {
          if (!pySatisfies(already, w.spec, true)) {
            fail(
              'SIGMA_E_PACKAGE_VERSION_NOT_FOUND',
              `conflict: ${w.parent ?? 'the submission'} needs ${name}${w.spec}, but ${name}==${already} was already chosen; pin a version both accept`,
              w,
            );
          }
          chosen = versions.find((v) => v.version === already);
        } else if (exact) chosen = versions.find((v) => v.version === exact || pySatisfies(v.version, `==${exact}`, true));
        else {
          const best = bestPyVersion(
            versions.filter((v) => !v.yanked).map((v) => v.version),
            w.spec,
          );
          chosen = versions.find((v) => v.version === best);
        }
      }
      if (!chosen) {
        if (w.optional) continue;
        fail('SIGMA_E_PACKAGE_VERSION_NOT_FOUND', `no ${w.ecosystem} version of ${name} satisfies ${JSON.stringify(lockEntry?.version ?? w.spec)}`, w);
      }
      if (npm && !platformOk(chosen, target)) {
        if (w.optional) continue;
        notes.push(`declares os/cpu that exclude ${target.node.os}/${target.node.cpu}`);
      }
      if (chosen.yanked) notes.push('this version is yanked on the index');
      if (chosen.deprecated) notes.push(`deprecated: ${chosen.deprecated.slice(0, 200)}`);
      if (lockEntry?.integrity && !w.expected.includes(lockEntry.integrity)) w.expected.push(lockEntry.integrity);
      const dist = pickDistribution(chosen, w);
      const key = keyOf(w.ecosystem, name, chosen.version);
      const existing = packages.get(key);
      if (existing) {
        if (w.parent && !existing.requiredBy.includes(w.parent)) existing.requiredBy = [...existing.requiredBy, w.parent].sort();
        const seen = extrasSeen.get(key) ?? new Set<string>();
        const newExtras = w.extras.filter((e) => !seen.has(e));
        const lockPathNew = lockEntry !== null && !visitedLockPaths.has(lockEntry.path);
        if (newExtras.length === 0 && !lockPathNew) continue;
        for (const e of newExtras) seen.add(e);
      } else if (packages.size >= cap) {
        fail('SIGMA_E_PACKAGE_TOO_MANY', `the dependency tree has more than ${cap} packages (reached at ${name}@${chosen.version}, depth ${w.depth})`, w);
      }
      if (!npm) pyChosen.set(name, chosen.version);
      if (!extrasSeen.has(key)) extrasSeen.set(key, new Set(w.extras));
      if (lockEntry) visitedLockPaths.add(lockEntry.path);
      let declared: DeclaredDependency[];
      if (lockEntry) declared = lockEntry.requires.map((r) => ({ name: r.name, spec: r.spec, extras: [], optional: r.optional }));
      else {
        const got = await client.dependencies(chosen, dist, [...(extrasSeen.get(key) ?? [])].sort());
        declared = got.dependencies;
        notes.push(...got.notes);
      }
      const wantedChildren = declared.filter((d) => includeOptional || !d.optional);
      const pkg: ResolvedPackage = existing ?? {
        ecosystem: w.ecosystem,
        name,
        version: chosen.version,
        depth: w.depth,
        direct: w.parent === null,
        requiredBy: w.parent ? [w.parent] : [],
        pin,
        spec: w.spec,
        source: w.source,
        distribution: dist,
        expectedHashes: w.expected,
        dependencies: declared,
        beyondDepth: [],
        notes,
      };
      if (existing) {
        for (const d of declared) if (!existing.dependencies.some((x) => x.name === d.name)) existing.dependencies.push(d);
        for (const n of notes) if (!existing.notes.includes(n)) existing.notes.push(n);
      }
      packages.set(key, pkg);
      if (w.depth >= maxDepth) {
        for (const d of wantedChildren) {
          const s = `${d.name}@${d.spec}`;
          if (!pkg.beyondDepth.includes(s)) pkg.beyondDepth.push(s);
        }
        continue;
      }
      for (const d of wantedChildren) {
        next.push({
          ecosystem: w.ecosystem,
          name: d.name,
          installedAs: d.name,
          spec: d.spec,
          depth: w.depth + 1,
          parent: label(pkg),
          parentLockPath: lockEntry?.path ?? '',
          source: null,
          lockVersion: null,
          expected: [],
          extras: d.extras,
          optional: d.optional,
          fromLock: lockEntry !== null,
        });
      }
    }
    level = next;
  }
  const list = [...packages.values()].sort(
    (a, b) =>
      (a.ecosystem < b.ecosystem ? -1 : a.ecosystem > b.ecosystem ? 1 : 0) ||
      a.depth - b.depth ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
      (a.version < b.version ? -1 : 1),
  );
  const registriesUsed: Record<string, string> = {};
  for (const p of list) registriesUsed[p.ecosystem] = clientFor(p.ecosystem).url;
  return { packages: list, maxDepth, cap, registries: registriesUsed };
}
