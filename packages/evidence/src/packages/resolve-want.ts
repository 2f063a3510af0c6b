/**
 * One wanted package of `resolveDependencies` (a spec waiting to be fixed to a version) and the
 * checks made on it once a version is chosen: the target platform, the distribution and its digest.
 * Every failure throws a SigmaError naming the spec and who required it.
 */
import type { PackageDistribution, PackageEcosystem, PackageSpecSource } from '@sigma/core';
import { SigmaError } from '@sigma/core';
import type { ErrorCode } from '@sigma/core';
import type { NpmLockEntry } from './manifest-npm.js';
import { sameDigest } from './integrity.js';
import type { RegistryVersion, TargetEnvironment } from './types.js';

export interface Want {
  ecosystem: PackageEcosystem;
  name: string;
  installedAs: string;
  spec: string;
  depth: number;
  parent: string | null;
  parentLockPath: string;
  source: PackageSpecSource | null;
  lockVersion: string | null;
  expected: string[];
  extras: string[];
  optional: boolean;
  fromLock: boolean;
}

export const keyOf = (eco: PackageEcosystem, name: string, version: string): string => `${eco}:${name}@${version}`;
export const label = (p: { name: string; version: string }): string => `${p.name}@${p.version}`;

export function fail(code: ErrorCode, message: string, w: Want): never {
  throw new SigmaError(code, message, {
    details: { ecosystem: w.ecosystem, name: w.name, spec: w.spec, requiredBy: w.parent, file: w.source?.file ?? null, line: w.source?.line ?? null },
  });
}

export function platformOk(v: RegistryVersion | NpmLockEntry, target: TargetEnvironment): boolean {
  const os = 'platform' in v ? v.platform.os : v.os;
  const cpu = 'platform' in v ? v.platform.cpu : v.cpu;
  const fits = (list: string[], value: string): boolean => {
    if (list.length === 0) return true;
    const deny = list.filter((x) => x.startsWith('!')).map((x) => x.slice(1));
    const allow = list.filter((x) => !x.startsWith('!'));
    return !deny.includes(value) && (allow.length === 0 || allow.includes(value));
  };
  return fits(os, target.node.os) && fits(cpu, target.node.cpu);
}

export function pickDistribution(v: RegistryVersion, w: Want): PackageDistribution {
  if (v.distributions.length === 0) {
    fail('SIGMA_E_PACKAGE_VERSION_NOT_FOUND', `${v.name} ${v.version} has no distribution installable on the target`, w);
  }
  const pipHashes = w.expected.filter((e) => e.startsWith('sha256-') || e.startsWith('sha384-') || e.startsWith('sha512-'));
  let dist = v.distributions[0]!;
  if (w.ecosystem === 'PyPI' && pipHashes.length > 0) {
    const hit = v.distributions.find((d) => d.integrity !== '' && pipHashes.some((h) => sameDigest(h, d.integrity)));
    if (!hit)
      fail('SIGMA_E_PACKAGE_DIGEST_MISMATCH', `no file of ${v.name} ${v.version} matches the --hash values in ${w.source?.file ?? 'the requirements'}`, w);
    dist = hit;
  }
  if (!dist.integrity) fail('SIGMA_E_PACKAGE_INTEGRITY_MISSING', `the registry declares no sha512/sha256 digest for ${dist.filename}`, w);
  for (const e of w.expected) {
    // A lockfile or --hash digest that shares an algorithm with the registry's must agree with it.
    if (e.split('-')[0] === dist.integrity.split('-')[0] && !sameDigest(e, dist.integrity)) {
      fail('SIGMA_E_PACKAGE_DIGEST_MISMATCH', `${v.name}@${v.version}: the digest in ${w.source?.file ?? 'the lockfile'} differs from the registry's`, w);
    }
  }
  return dist;
}
