/**
 * What an npm dependency spec means (the cases npm-package-arg distinguishes), decided without the
 * network: an exact version, a range to resolve at quote time, an alias, or a refusal with its code.
 */
import type { ErrorCode } from '@sigma/core';
import semver from 'semver';

export type NpmSpecClass =
  | { kind: 'exact'; version: string }
  | { kind: 'range'; range: string }
  | { kind: 'alias'; name: string; inner: NpmSpecClass }
  | { kind: 'refused'; code: ErrorCode; reason: string };

const NAME = /^(?:@[A-Za-z0-9~-][A-Za-z0-9._~-]*\/)?[A-Za-z0-9~-][A-Za-z0-9._~-]*$/;

/** npm package names: at most 214 characters, URL-safe, optionally scoped; legacy upper-case names are accepted. */
export function validNpmName(name: string): boolean {
  return name.length > 0 && name.length <= 214 && NAME.test(name) && !name.startsWith('.') && !name.startsWith('_');
}

const refused = (code: ErrorCode, reason: string): NpmSpecClass => ({ kind: 'refused', code, reason });

/** True when a range admits every release (`*`, `>=0.0.0`, `x || 1`). */
function matchesEverything(range: string): boolean {
  return semver.satisfies('0.0.0', range) && semver.satisfies('999999999.0.0', range);
}

export function classifyNpmSpec(raw: string): NpmSpecClass {
  const spec = raw.trim();
  if (spec === '' || spec === '*' || spec === 'x' || spec === 'X' || spec === 'latest') {
    return refused('SIGMA_E_PACKAGE_SPEC_UNPINNED', `${JSON.stringify(raw)} accepts any version; pin a version or a bounded range`);
  }
  if (spec.startsWith('npm:')) {
    const body = spec.slice(4);
    const at = body.indexOf('@', 1);
    const name = at < 0 ? body : body.slice(0, at);
    if (!validNpmName(name)) return refused('SIGMA_E_PACKAGE_SPEC_INVALID', `alias target ${JSON.stringify(name)} is not a package name`);
    if (at < 0) return refused('SIGMA_E_PACKAGE_SPEC_UNPINNED', `alias npm:${name} has no version`);
    const inner = classifyNpmSpec(body.slice(at + 1));
    if (inner.kind === 'alias') return refused('SIGMA_E_PACKAGE_SPEC_INVALID', 'an alias of an alias is not valid');
    return inner.kind === 'refused' ? inner : { kind: 'alias', name, inner };
  }
  if (/^(?:git\+|git:\/\/|git@|github:|gitlab:|bitbucket:|gist:)/i.test(spec) || /^https?:\/\/.*\.git(?:#.*)?$/i.test(spec)) {
    return refused('SIGMA_E_PACKAGE_SPEC_VCS', `${JSON.stringify(raw)} is a version-control source`);
  }
  if (/^https?:\/\//i.test(spec)) return refused('SIGMA_E_PACKAGE_SPEC_URL', `${JSON.stringify(raw)} is a direct URL`);
  if (/^(?:file:|link:|workspace:|portal:|patch:)/i.test(spec) || /^(?:\.{1,2}(?:\/|\\|$)|\/|~\/|[A-Za-z]:[\\/])/.test(spec)) {
    return refused('SIGMA_E_PACKAGE_SPEC_PATH', `${JSON.stringify(raw)} is a local path`);
  }
  const exact = semver.valid(spec, { loose: true });
  if (exact) return { kind: 'exact', version: exact };
  const range = semver.validRange(spec, { loose: true });
  if (range) {
    if (matchesEverything(range)) return refused('SIGMA_E_PACKAGE_SPEC_UNPINNED', `${JSON.stringify(raw)} matches every version`);
    return { kind: 'range', range: spec };
  }
  // GitHub shorthand `owner/repo` (optionally `#ref`).
  if (/^[A-Za-z0-9][\w.-]*\/[\w.-]+(?:#.*)?$/.test(spec)) return refused('SIGMA_E_PACKAGE_SPEC_VCS', `${JSON.stringify(raw)} is a GitHub repository`);
  if (/^[A-Za-z][\w.-]*$/.test(spec)) return refused('SIGMA_E_PACKAGE_SPEC_UNPINNED', `${JSON.stringify(raw)} is a dist-tag, which moves`);
  return refused('SIGMA_E_PACKAGE_SPEC_INVALID', `${JSON.stringify(raw)} is not a version, range or registry spec`);
}

/** The highest published, non-prerelease-unless-asked version satisfying `range` (npm's own rule). */
export function bestNpmVersion(versions: string[], range: string): string | null {
  return semver.maxSatisfying(versions, range, { loose: true });
}

export function npmSatisfies(version: string, range: string): boolean {
  return semver.satisfies(version, range, { loose: true });
}
