/**
 * Package analysis for the *PACKAGES categories (SPEC §4 "Packages"), the evidence side of the
 * Package Trust Registry: parse manifests → resolve (quote time, frozen) → fetch (digest checked)
 * → analyse (pure, cacheable per digest) → certificate block. See docs/packages.md.
 */
export { parseDependencyManifests, OFFICIAL_NPM_ORIGINS, OFFICIAL_PYPI_INDEXES } from './manifest.js';
export type { ManifestFile, ParseManifestOptions, ParsedManifests } from './manifest.js';
export type { NpmLock, NpmLockEntry } from './manifest-npm.js';
export { resolveDependencies } from './resolve.js';
export type { ResolveOptions, Registries } from './resolve.js';
export { fetchPackage, verifyDistribution } from './fetch.js';
export type { FetchedPackage } from './fetch.js';
export { analyzePackage, PACKAGE_ANALYZER_VERSION } from './analyze.js';
export type { AnalyzePackageOptions, PackageIdentity } from './analyze.js';
export { loadOsvSnapshot, indexOsv, matchAdvisories } from './osv.js';
export type { OsvIndex } from './osv.js';
export { npmRegistry } from './registry-npm.js';
export type { NpmRegistryOptions } from './registry-npm.js';
export { pypiRegistry } from './registry-pypi.js';
export type { PypiRegistryOptions } from './registry-pypi.js';
export { certificatePackages } from './certificate.js';
export { PACKAGE_RULES } from './rules.js';
export { DEFAULT_TARGET, DEFAULT_REGISTRY_LIMITS } from './types.js';
export type { RegistryClient, RegistryVersion, RegistryLimits, TargetEnvironment } from './types.js';
export { DEFAULT_DIST_LIMITS } from './dist.js';
export type { DistLimits } from './dist.js';
export { DEFAULT_PKG_FILE_LIMITS } from './pkg-files.js';
export type { PkgFileLimits } from './pkg-files.js';
