/**
 * npm manifests: `package.json` (dependencies, optionalDependencies, peerDependencies), its lockfile
 * (`npm-shrinkwrap.json` or `package-lock.json`, lockfileVersion 2/3; lockfile pins win) and
 * `.npmrc` registry settings. Every refusal names the file and line.
 */
import type { DependencySpec, PackageSpecIssue } from '@sigma/core';
import { parseTree } from 'jsonc-parser';
import type { Node as JsonNode, ParseError } from 'jsonc-parser';
import { z } from 'zod';
import { classifyNpmSpec, npmSatisfies, validNpmName } from './npm-spec.js';
import { jsonLine, lineAt } from './text.js';

export interface NpmLockEntry {
  /** `node_modules/a/node_modules/b` */
  path: string;
  name: string;
  version: string;
  integrity: string | null;
  /** Its own dependencies as the lockfile records them (name → spec), optional and peer included. */
  requires: Array<{ name: string; spec: string; optional: boolean }>;
  dev: boolean;
  optional: boolean;
  inBundle: boolean;
  os: string[];
  cpu: string[];
  line: number | null;
}

export interface NpmLock {
  file: string;
  entries: Record<string, NpmLockEntry>;
}

export interface NpmManifestOptions {
  /** Registry origins a lockfile's `resolved` and `.npmrc` may name (the configured one and the official ones). */
  registryOrigins: string[];
  includeDev: boolean;
}

export interface NpmManifestResult {
  dependencies: DependencySpec[];
  errors: PackageSpecIssue[];
  lock: NpmLock | null;
}

const Deps = z.record(z.string(), z.unknown()).optional();
const PackageJson = z.object({
  dependencies: Deps,
  optionalDependencies: Deps,
  peerDependencies: Deps,
  peerDependenciesMeta: z.record(z.string(), z.object({ optional: z.boolean().optional() }).passthrough()).optional(),
  devDependencies: Deps,
  bundleDependencies: z.unknown().optional(),
  bundledDependencies: z.unknown().optional(),
});

const StrRecord = z.record(z.string(), z.string()).optional();
const LockEntry = z
  .object({
    name: z.string().optional(),
    version: z.string().optional(),
    resolved: z.string().optional(),
    integrity: z.string().optional(),
    link: z.boolean().optional(),
    dev: z.boolean().optional(),
    optional: z.boolean().optional(),
    devOptional: z.boolean().optional(),
    inBundle: z.boolean().optional(),
    dependencies: StrRecord,
    optionalDependencies: StrRecord,
    peerDependencies: StrRecord,
    peerDependenciesMeta: z.record(z.string(), z.object({ optional: z.boolean().optional() }).passthrough()).optional(),
    os: z.array(z.string()).optional(),
    cpu: z.array(z.string()).optional(),
  })
  .passthrough();
const Lockfile = z.object({ lockfileVersion: z.number(), packages: z.record(z.string(), LockEntry).optional() }).passthrough();

function parseJson(text: string, file: string, errors: PackageSpecIssue[]): { root: JsonNode | undefined; value: unknown } | null {
  const perrs: ParseError[] = [];
  const root = parseTree(text, perrs, { allowTrailingComma: false, disallowComments: true });
  if (perrs.length > 0 || !root) {
    errors.push(issue('SIGMA_E_PACKAGE_MANIFEST_INVALID', file, perrs[0] ? lineAt(text, perrs[0].offset) : 1, null, null, `${file} is not valid JSON`));
    return null;
  }
  try {
    return { root, value: JSON.parse(text) as unknown };
  } catch {
    errors.push(issue('SIGMA_E_PACKAGE_MANIFEST_INVALID', file, 1, null, null, `${file} is not valid JSON`));
    return null;
  }
}

function originOrNull(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

export function issue(code: string, file: string, line: number | null, name: string | null, spec: string | null, message: string): PackageSpecIssue {
  return { code, file, line, name, spec, message };
}

/** `.npmrc` lines that move installs to another registry. */
export function checkNpmrc(file: string, text: string, opts: NpmManifestOptions, errors: PackageSpecIssue[]): void {
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) return;
    const m = /^((?:@[^:=\s]+:)?registry)\s*=\s*(.*)$/i.exec(line);
    if (!m) return;
    const value = m[2]!.trim().replace(/^["']|["']$/g, '');
    const origin = originOrNull(value);
    if (origin === null || !opts.registryOrigins.includes(origin)) {
      errors.push(issue('SIGMA_E_PACKAGE_PRIVATE_REGISTRY', file, i + 1, null, value, `${m[1]} points at ${value}, not the official npm registry`));
    }
  });
}

export function parseNpmManifests(
  pkgFile: string,
  pkgText: string,
  lockFile: { path: string; text: string } | null,
  opts: NpmManifestOptions,
): NpmManifestResult {
  const errors: PackageSpecIssue[] = [];
  const dependencies: DependencySpec[] = [];
  const parsed = parseJson(pkgText, pkgFile, errors);
  if (!parsed) return { dependencies, errors, lock: null };
  const pj = PackageJson.safeParse(parsed.value);
  if (!pj.success) {
    errors.push(issue('SIGMA_E_PACKAGE_MANIFEST_INVALID', pkgFile, 1, null, null, `${pkgFile}: dependency fields must be objects of name → spec`));
    return { dependencies, errors, lock: null };
  }
  const lock = lockFile ? parseLock(lockFile.path, lockFile.text, opts, errors) : null;
  const groups: Array<[keyof z.infer<typeof PackageJson>, boolean]> = [
    ['dependencies', false],
    ['optionalDependencies', true],
    ['peerDependencies', false],
  ];
  if (opts.includeDev) groups.push(['devDependencies', false]);
  const seen = new Set<string>();
  for (const [field, optional] of groups) {
    const rec = pj.data[field] as Record<string, unknown> | undefined;
    for (const [installed, rawSpec] of Object.entries(rec ?? {})) {
      const line = jsonLine(parsed.root, pkgText, [field, installed]);
      if (seen.has(installed)) continue; // npm: optionalDependencies override dependencies of the same name
      seen.add(installed);
      const peerOptional = field === 'peerDependencies' && pj.data.peerDependenciesMeta?.[installed]?.optional === true;
      if (peerOptional) continue; // npm never installs an optional peer on its own
      if (typeof rawSpec !== 'string') {
        errors.push(issue('SIGMA_E_PACKAGE_SPEC_INVALID', pkgFile, line, installed, null, `${installed}: the spec must be a string`));
        continue;
      }
      if (!validNpmName(installed)) {
        errors.push(issue('SIGMA_E_PACKAGE_SPEC_INVALID', pkgFile, line, installed, rawSpec, `${JSON.stringify(installed)} is not a valid npm package name`));
        continue;
      }
      const cls = classifyNpmSpec(rawSpec);
      const entry = lock?.entries[`node_modules/${installed}`];
      if (cls.kind === 'refused') {
        errors.push(issue(cls.code, pkgFile, line, installed, rawSpec, `${installed}: ${cls.reason}`));
        continue;
      }
      const name = cls.kind === 'alias' ? cls.name : installed;
      const inner = cls.kind === 'alias' ? cls.inner : cls;
      const range = inner.kind === 'exact' ? inner.version : inner.kind === 'range' ? inner.range : '';
      const base = {
        ecosystem: 'npm' as const,
        name,
        alias: cls.kind === 'alias' ? installed : null,
        spec: rawSpec,
        extras: [],
        hashes: [],
        optional,
        source: { file: pkgFile, line },
      };
      if (lock) {
        if (!entry) {
          errors.push(issue('SIGMA_E_PACKAGE_LOCK_MISMATCH', lock.file, null, installed, rawSpec, `${installed} is in ${pkgFile} but not in ${lock.file}`));
          continue;
        }
        if (entry.name !== name || !npmSatisfies(entry.version, range)) {
          errors.push(
            issue(
              'SIGMA_E_PACKAGE_LOCK_MISMATCH',
              lock.file,
              entry.line,
              installed,
              rawSpec,
              `${lock.file} locks ${entry.name}@${entry.version}, which does not satisfy ${installed}@${rawSpec} in ${pkgFile}`,
            ),
          );
          continue;
        }
        dependencies.push({ ...base, pin: 'lockfile', version: entry.version, integrity: entry.integrity });
        continue;
      }
      if (inner.kind === 'exact') dependencies.push({ ...base, pin: 'exact', version: inner.version, integrity: null });
      else dependencies.push({ ...base, pin: 'range', version: null, integrity: null });
    }
  }
  return { dependencies, errors, lock };
}

function parseLock(file: string, text: string, opts: NpmManifestOptions, errors: PackageSpecIssue[]): NpmLock | null {
  const parsed = parseJson(text, file, errors);
  if (!parsed) return null;
  const lf = Lockfile.safeParse(parsed.value);
  if (lf.success && lf.data.lockfileVersion !== 2 && lf.data.lockfileVersion !== 3) {
    const line = jsonLine(parsed.root, text, ['lockfileVersion']);
    errors.push(
      issue(
        'SIGMA_E_PACKAGE_SPEC_UNSUPPORTED',
        file,
        line,
        null,
        null,
        `lockfileVersion ${lf.data.lockfileVersion} is not supported; regenerate it with npm 7 or later`,
      ),
    );
    return null;
  }
  if (!lf.success || !lf.data.packages) {
    errors.push(issue('SIGMA_E_PACKAGE_MANIFEST_INVALID', file, 1, null, null, `${file} has no "packages" map`));
    return null;
  }
  const entries: Record<string, NpmLockEntry> = {};
  for (const [path, e] of Object.entries(lf.data.packages)) {
    if (path === '') continue;
    const line = jsonLine(parsed.root, text, ['packages', path]);
    const installed = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    const dev = e.dev === true || (e.devOptional === true && !opts.includeDev);
    if (dev && !opts.includeDev) continue;
    if (e.inBundle) continue; // shipped inside its parent's tarball and analysed there
    if (e.link || !path.includes('node_modules/')) {
      errors.push(issue('SIGMA_E_PACKAGE_SPEC_PATH', file, line, installed, e.resolved ?? null, `${path} is a local link, not a registry package`));
      continue;
    }
    const resolved = e.resolved ?? null;
    if (resolved !== null) {
      const cls = classifyNpmSpec(resolved);
      if (cls.kind === 'refused' && cls.code !== 'SIGMA_E_PACKAGE_SPEC_URL') {
        errors.push(issue(cls.code, file, line, installed, resolved, `${path}: ${cls.reason}`));
        continue;
      }
      const origin = originOrNull(resolved);
      if (origin === null || !opts.registryOrigins.includes(origin)) {
        errors.push(
          issue('SIGMA_E_PACKAGE_PRIVATE_REGISTRY', file, line, installed, resolved, `${path} was resolved from ${origin ?? resolved}, not the npm registry`),
        );
        continue;
      }
    }
    if (!e.version) {
      errors.push(issue('SIGMA_E_PACKAGE_MANIFEST_INVALID', file, line, installed, null, `${path} has no version`));
      continue;
    }
    const requires: NpmLockEntry['requires'] = [];
    for (const [n, s] of Object.entries(e.dependencies ?? {})) requires.push({ name: n, spec: s, optional: false });
    for (const [n, s] of Object.entries(e.optionalDependencies ?? {})) requires.push({ name: n, spec: s, optional: true });
    for (const [n, s] of Object.entries(e.peerDependencies ?? {}))
      if (e.peerDependenciesMeta?.[n]?.optional !== true) requires.push({ name: n, spec: s, optional: false });
    entries[path] = {
      path,
      name: e.name ?? installed,
      version: e.version,
      integrity: e.integrity ?? null,
      requires,
      dev,
      optional: e.optional === true,
      inBundle: false,
      os: e.os ?? [],
      cpu: e.cpu ?? [],
      line,
    };
  }
  return { file, entries };
}

/** Node's lookup: `name` required by the package at `fromPath` (or the root) resolves to the nearest `node_modules/name`. */
export function lockLookup(lock: NpmLock, fromPath: string, name: string): NpmLockEntry | null {
  let base = fromPath;
  for (;;) {
    const candidate = base ? `${base}/node_modules/${name}` : `node_modules/${name}`;
    const hit = lock.entries[candidate];
    if (hit) return hit;
    if (!base) return null;
    const i = base.lastIndexOf('/node_modules/');
    base = i < 0 ? '' : base.slice(0, i);
  }
}
