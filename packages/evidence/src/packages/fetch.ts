/**
 * `fetchPackage`: the distribution's bytes from the configured registry, accepted only when they
 * match the registry's declared digest and every digest the submission itself demanded (lockfile
 * `integrity`, requirements `--hash`). Separate from analysis so the registry can cache per digest.
 */
import type { ResolvedPackage } from '@sigma/core';
import { SigmaError } from '@sigma/core';
import { digestOf, matchesSri, parseSri } from './integrity.js';
import type { RegistryClient } from './types.js';

export interface FetchedPackage {
  bytes: Uint8Array;
  /** `sha256:<hex>` of the bytes. */
  digest: string;
  /** The registry's declared digest the bytes matched. */
  integrity: string;
}

export async function fetchPackage(resolved: ResolvedPackage, client: RegistryClient): Promise<FetchedPackage> {
  if (client.ecosystem !== resolved.ecosystem) {
    throw new SigmaError('SIGMA_E_CONFIG_INVALID', `a ${client.ecosystem} registry cannot fetch the ${resolved.ecosystem} package ${resolved.name}`);
  }
  const dist = resolved.distribution;
  if (!dist.integrity || parseSri(dist.integrity).length === 0) {
    throw new SigmaError('SIGMA_E_PACKAGE_INTEGRITY_MISSING', `no usable digest for ${dist.filename}`, {
      details: { name: resolved.name, version: resolved.version },
    });
  }
  const bytes = await client.download(dist.url);
  verifyDistribution(resolved, bytes);
  return { bytes, digest: digestOf(bytes), integrity: dist.integrity };
}

/** Throws SIGMA_E_PACKAGE_DIGEST_MISMATCH unless `bytes` are the distribution `resolved` names. */
export function verifyDistribution(resolved: ResolvedPackage, bytes: Uint8Array): void {
  const dist = resolved.distribution;
  const details = { ecosystem: resolved.ecosystem, name: resolved.name, version: resolved.version, url: dist.url, digest: digestOf(bytes) };
  if (!matchesSri(bytes, dist.integrity)) {
    throw new SigmaError('SIGMA_E_PACKAGE_DIGEST_MISMATCH', `${dist.filename} does not match the registry's ${dist.integrity.split('-')[0]} digest`, {
      details,
    });
  }
  for (const expected of resolved.expectedHashes) {
    if (parseSri(expected).length > 0 && !matchesSri(bytes, expected)) {
      throw new SigmaError('SIGMA_E_PACKAGE_DIGEST_MISMATCH', `${dist.filename} does not match the digest the submission pins (${expected.split('-')[0]})`, {
        details,
      });
    }
  }
}
