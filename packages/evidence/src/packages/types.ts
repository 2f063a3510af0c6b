import type { DeclaredDependency, PackageDistribution, PackageEcosystem } from '@sigma/core';

/** One published version as the registry lists it. */
export interface RegistryVersion {
  name: string;
  version: string;
  /** PyPI: every file of the version is yanked (pip only takes it for an exact `==` pin). */
  yanked: boolean;
  /** npm: the deprecation message, if any. */
  deprecated: string | null;
  /** Installable distributions in preference order (npm: the one tarball). */
  distributions: PackageDistribution[];
  /** npm: dependencies as the packument declares them; PyPI: null (read from the core metadata). */
  dependencies: DeclaredDependency[] | null;
  /** npm platform constraints (`os`, `cpu`, `libc`), empty when unconstrained. */
  platform: { os: string[]; cpu: string[]; libc: string[] };
  /** PyPI: the Requires-Python of the chosen file. */
  requiresPython: string | null;
}

/** A registry speaking the official protocol of its ecosystem (npm registry API, PEP 503/691 simple API). */
export interface RegistryClient {
  readonly ecosystem: PackageEcosystem;
  /** The configured base URL. */
  readonly url: string;
  /** Every version of `name`; throws SIGMA_E_PACKAGE_NOT_FOUND when the registry has no such package. */
  versions(name: string): Promise<RegistryVersion[]>;
  /** What `dist` of `version` declares it needs, with `extras` asked for (PyPI); markers applied. */
  dependencies(version: RegistryVersion, dist: PackageDistribution, extras: string[]): Promise<{ dependencies: DeclaredDependency[]; notes: string[] }>;
  /** The bytes at a distribution URL (caps and the origin allow-list enforced; no digest check here). */
  download(url: string): Promise<Uint8Array>;
}

/** Where installs are assumed to happen: decides environment markers, wheel tags and npm `os`/`cpu`. */
export interface TargetEnvironment {
  python: {
    version: string;
    fullVersion: string;
    sysPlatform: string;
    platformSystem: string;
    platformMachine: string;
    osName: string;
    implementationName: string;
    /** Highest manylinux glibc minor supported (`manylinux_2_<n>`). */
    glibcMinor: number;
  };
  node: { os: string; cpu: string; libc: string };
}

export const DEFAULT_TARGET: TargetEnvironment = Object.freeze({
  python: {
    version: '3.11',
    fullVersion: '3.11.2',
    sysPlatform: 'linux',
    platformSystem: 'Linux',
    platformMachine: 'x86_64',
    osName: 'posix',
    implementationName: 'cpython',
    glibcMinor: 36,
  },
  node: { os: 'linux', cpu: 'x64', libc: 'glibc' },
});

/** Limits on what the registry clients accept. */
export interface RegistryLimits {
  timeoutMs: number;
  maxRedirects: number;
  /** Largest metadata answer (packument, simple page, core metadata). */
  maxMetadataBytes: number;
  /** Largest distribution (tarball, wheel, sdist). */
  maxDistributionBytes: number;
}

export const DEFAULT_REGISTRY_LIMITS: RegistryLimits = Object.freeze({
  timeoutMs: 30_000,
  maxRedirects: 3,
  maxMetadataBytes: 32 * 1024 * 1024,
  maxDistributionBytes: 64 * 1024 * 1024,
});
