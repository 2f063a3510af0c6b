/**
 * `parseDependencyManifests`: the direct dependencies a submission declares, or the refusals that
 * stop it from being quoted (each with its code, file and line). No network.
 */
import type { DependencySpec, PackageSpecIssue } from '@sigma/core';
import { checkNpmrc, parseNpmManifests } from './manifest-npm.js';
import type { NpmLock } from './manifest-npm.js';
import { mergePythonPins, parsePyproject, parseRequirementsTxt } from './manifest-python.js';
import { DEFAULT_TARGET } from './types.js';
import type { TargetEnvironment } from './types.js';

export interface ManifestFile {
  path: string;
  text: string;
}

export interface ParseManifestOptions {
  /** The configured npm registry (its origin is accepted in lockfiles and `.npmrc`, besides the official ones). */
  npmRegistry?: string;
  /** The configured PyPI simple index (accepted in `--index-url`, besides the official one). */
  pypiIndex?: string;
  /** Read devDependencies too (default false: they are not installed with the code). */
  includeDev?: boolean;
  /** Folders (relative, '' = root) whose manifests count; default the root and every folder above `entry`. */
  dirs?: string[];
  /** The submission's entry point; its folders are searched for manifests too. */
  entry?: string;
  target?: TargetEnvironment;
}

export interface ParsedManifests {
  dependencies: DependencySpec[];
  errors: PackageSpecIssue[];
  /** The npm lockfile, when one was read: the resolver takes transitive versions from it. */
  npmLock: NpmLock | null;
  /** Manifests that were read, in order. */
  manifests: string[];
}

export const OFFICIAL_NPM_ORIGINS = ['https://registry.npmjs.org', 'https://registry.yarnpkg.com'];
export const OFFICIAL_PYPI_INDEXES = ['https://pypi.org/simple', 'https://pypi.python.org/simple'];

function searchDirs(opts: ParseManifestOptions): string[] {
  if (opts.dirs) return opts.dirs;
  const out = [''];
  if (opts.entry) {
    const parts = opts.entry.replace(/^\.\//, '').split('/').slice(0, -1);
    for (let i = 1; i <= parts.length; i++) out.push(parts.slice(0, i).join('/'));
  }
  return out;
}

const at = (dir: string, name: string): string => (dir ? `${dir}/${name}` : name);

export function parseDependencyManifests(files: ManifestFile[], opts: ParseManifestOptions = {}): ParsedManifests {
  const byPath = new Map(files.map((f) => [f.path.replace(/^\.\//, ''), f.text]));
  const npmOrigins = [...OFFICIAL_NPM_ORIGINS];
  if (opts.npmRegistry) npmOrigins.push(new URL(opts.npmRegistry).origin);
  const indexUrls = [...OFFICIAL_PYPI_INDEXES, ...(opts.pypiIndex ? [opts.pypiIndex] : [])];
  const target = opts.target ?? DEFAULT_TARGET;
  const dependencies: DependencySpec[] = [];
  const errors: PackageSpecIssue[] = [];
  const manifests: string[] = [];
  let npmLock: NpmLock | null = null;
  for (const dir of searchDirs(opts)) {
    const npmrc = at(dir, '.npmrc');
    if (byPath.has(npmrc)) checkNpmrc(npmrc, byPath.get(npmrc)!, { registryOrigins: npmOrigins, includeDev: false }, errors);
    const pj = at(dir, 'package.json');
    if (byPath.has(pj)) {
      manifests.push(pj);
      const lockPath = [at(dir, 'npm-shrinkwrap.json'), at(dir, 'package-lock.json')].find((p) => byPath.has(p));
      if (lockPath) manifests.push(lockPath);
      const r = parseNpmManifests(pj, byPath.get(pj)!, lockPath ? { path: lockPath, text: byPath.get(lockPath)! } : null, {
        registryOrigins: npmOrigins,
        includeDev: opts.includeDev === true,
      });
      dependencies.push(...r.dependencies);
      errors.push(...r.errors);
      if (r.lock && !npmLock) npmLock = r.lock;
      else if (r.lock) {
        errors.push({
          code: 'SIGMA_E_PACKAGE_SPEC_UNSUPPORTED',
          file: r.lock.file,
          line: null,
          name: null,
          spec: null,
          message: `only one npm lockfile per submission is supported (${npmLock!.file} was read first)`,
        });
      }
    }
    const out = { dependencies: [] as DependencySpec[], errors };
    const req = at(dir, 'requirements.txt');
    if (byPath.has(req)) {
      manifests.push(req);
      parseRequirementsTxt(req, byPath, { indexUrls, target }, out);
    }
    const pyp = at(dir, 'pyproject.toml');
    const fromPyproject = { dependencies: [] as DependencySpec[], errors };
    if (byPath.has(pyp)) {
      manifests.push(pyp);
      parsePyproject(pyp, byPath.get(pyp)!, { indexUrls, target }, fromPyproject);
    }
    dependencies.push(...mergePythonPins(out.dependencies, fromPyproject.dependencies, errors));
  }
  return { dependencies, errors, npmLock, manifests };
}
