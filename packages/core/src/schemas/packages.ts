import { z } from 'zod';
import { Severity } from '../enums.js';
import { Finding } from './evidence.js';

/**
 * The Package Trust Registry's objects (SPEC §2 "*PACKAGES", §4 "Packages"): dependency specs read
 * from a submission's manifests, the resolution frozen into a quote, one analysis per distribution
 * (ecosystem, name, version, digest) that the registry stores and reuses, and the certificate's
 * `packages` block. Produced by `@sigma/evidence` (`src/packages/`); see docs/packages.md.
 */
export const PACKAGE_ANALYSIS_SCHEMA_VERSION = 'sigma.package-analysis.v1' as const;

/** Ecosystem names as OSV spells them. */
export const PackageEcosystem = z.enum(['npm', 'PyPI']);
export type PackageEcosystem = z.infer<typeof PackageEcosystem>;

/**
 * `FULL`: every file that can run was read by the code engine. `PARTIAL`: some could not be
 * (native sources, prebuilt binaries beside readable code, files over a cap, parse failures).
 * `BINARY_ONLY`: the package's code is essentially prebuilt binaries.
 */
export const PackageAnalysisType = z.enum(['FULL', 'PARTIAL', 'BINARY_ONLY']);
export type PackageAnalysisType = z.infer<typeof PackageAnalysisType>;

/**
 * `CLEAN`: reusable by later submissions without further review. `BLOCKED`: a submission that
 * depends on it is rejected before the council. `REVIEW`: disclosed to the council as high-risk
 * evidence (not fully analysable, a HIGH/CRITICAL behaviour that is not install- or load-time, or a
 * known advisory).
 */
export const PackageVerdict = z.enum(['CLEAN', 'BLOCKED', 'REVIEW']);
export type PackageVerdict = z.infer<typeof PackageVerdict>;

/** Where a dependency was declared: the manifest file and its 1-based line. */
export const PackageSpecSource = z.object({
  file: z.string(),
  line: z.number().int().positive().nullable(),
});
export type PackageSpecSource = z.infer<typeof PackageSpecSource>;

/** How a version was chosen: an exact pin, a lockfile entry, or a range resolved at quote time. */
export const PackagePin = z.enum(['exact', 'lockfile', 'range']);
export type PackagePin = z.infer<typeof PackagePin>;

/** One direct dependency as declared in a submission's manifests. */
export const DependencySpec = z.object({
  ecosystem: PackageEcosystem,
  /** npm: as written; PyPI: normalised per PEP 503 (lowercase, runs of `-_.` as `-`). */
  name: z.string(),
  /** npm: the name it is installed under when declared as an alias (`"str": "npm:string-width@4.2.3"`). */
  alias: z.string().nullable(),
  /** The version spec as written (`1.2.3`, `^1.2.0`, `==2.31.0`, `>=1,<2`). */
  spec: z.string(),
  pin: PackagePin,
  /** The exact version when the spec or a lockfile fixes it. */
  version: z.string().nullable(),
  /** npm: the lockfile's `integrity` (SRI); null without a lockfile. */
  integrity: z.string().nullable(),
  /** PyPI: extras asked for (`requests[socks]`). */
  extras: z.array(z.string()),
  /** PyPI: `--hash=sha256:<hex>` values of a hash-checking requirements file. */
  hashes: z.array(z.string()),
  optional: z.boolean(),
  source: PackageSpecSource,
});
export type DependencySpec = z.infer<typeof DependencySpec>;

/** A refused line of a manifest; `code` is a catalogue code (`SIGMA_E_PACKAGE_*`). */
export const PackageSpecIssue = z.object({
  code: z.string(),
  file: z.string(),
  line: z.number().int().positive().nullable(),
  name: z.string().nullable(),
  spec: z.string().nullable(),
  message: z.string(),
});
export type PackageSpecIssue = z.infer<typeof PackageSpecIssue>;

export const DistributionKind = z.enum(['npm-tarball', 'sdist', 'wheel']);
export type DistributionKind = z.infer<typeof DistributionKind>;

/** The file the registry serves for one version, with the digest the registry declares for it. */
export const PackageDistribution = z.object({
  url: z.string(),
  filename: z.string(),
  kind: DistributionKind,
  /** Subresource-Integrity form of the registry's digest: `sha512-<base64>` (npm) or `sha256-<base64>` (PyPI). */
  integrity: z.string(),
});
export type PackageDistribution = z.infer<typeof PackageDistribution>;

/** A dependency a package itself declares (its packument `dependencies`, its `Requires-Dist`). */
export const DeclaredDependency = z.object({
  name: z.string(),
  /** As declared (npm spec, PEP 440 specifier, or `@ <url>` for a PEP 508 URL requirement). */
  spec: z.string(),
  /** PyPI: extras asked of the dependency (`requests[socks]`). */
  extras: z.array(z.string()),
  optional: z.boolean(),
});
export type DeclaredDependency = z.infer<typeof DeclaredDependency>;

/** One package of a resolution: an exact version and the registry's digest, frozen into the quote. */
export const ResolvedPackage = z.object({
  ecosystem: PackageEcosystem,
  name: z.string(),
  version: z.string(),
  /** 1 = a direct dependency of the submission. */
  depth: z.number().int().positive(),
  direct: z.boolean(),
  /** `name@version` of the packages that pull this one in (sorted); empty for direct dependencies. */
  requiredBy: z.array(z.string()),
  pin: PackagePin,
  /** The spec that chose this version (the first one met, in breadth-first order). */
  spec: z.string(),
  /** Where a direct dependency was declared; null for transitive ones. */
  source: PackageSpecSource.nullable(),
  distribution: PackageDistribution,
  /** Digests the submission itself demands (requirements `--hash`), checked at fetch time. */
  expectedHashes: z.array(z.string()),
  dependencies: z.array(DeclaredDependency),
  /** Declared dependencies left unresolved because they lie beyond the depth limit. */
  beyondDepth: z.array(z.string()),
  /** Facts about the resolution worth disclosing (yanked, deprecated, dynamic sdist metadata, skipped optional dependencies). */
  notes: z.array(z.string()),
});
export type ResolvedPackage = z.infer<typeof ResolvedPackage>;

export const PackageResolution = z.object({
  packages: z.array(ResolvedPackage),
  maxDepth: z.number().int().positive(),
  cap: z.number().int().positive(),
  /** Registry base URL per ecosystem used for this resolution. */
  registries: z.record(z.string(), z.string()),
});
export type PackageResolution = z.infer<typeof PackageResolution>;

/** A lifecycle hook that runs code when the package is installed. */
export const InstallScriptHook = z.enum(['preinstall', 'install', 'postinstall', 'prepare', 'setup.py', 'pth', 'native-build']);
export type InstallScriptHook = z.infer<typeof InstallScriptHook>;

export const InstallScript = z.object({
  hook: InstallScriptHook,
  /** The command as declared (npm scripts), or null when the hook is a file (setup.py, .pth). */
  command: z.string().nullable(),
  file: z.string(),
  line: z.number().int().positive().nullable(),
  /** Files analysed as this hook's entry points. */
  entries: z.array(z.string()),
  /** False when the hook runs something the engine cannot read (a native build, a missing file, a binary). */
  analysed: z.boolean(),
  note: z.string().nullable(),
});
export type InstallScript = z.infer<typeof InstallScript>;

/** A registry advisory (OSV format) that affects this exact version. */
export const PackageAdvisory = z.object({
  id: z.string(),
  aliases: z.array(z.string()),
  summary: z.string(),
  severity: Severity,
  /** OSV `MAL-` entries: the package version is reported as malware. */
  malware: z.boolean(),
  url: z.string().nullable(),
  modified: z.string().nullable(),
});
export type PackageAdvisory = z.infer<typeof PackageAdvisory>;

export const PackageFileStats = z.object({
  total: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  scripts: z.number().int().nonnegative(),
  scriptsAnalysed: z.number().int().nonnegative(),
  binaries: z.number().int().nonnegative(),
  binaryBytes: z.number().int().nonnegative(),
});
export type PackageFileStats = z.infer<typeof PackageFileStats>;

/**
 * The analysis of one distribution. A pure function of the distribution's bytes, the resolved
 * metadata and the advisory snapshot, so the registry stores one row per (ecosystem, name, version,
 * digest) and reuses it; it is redone only when `analyzerVersion` or the advisory snapshot changes.
 */
export const PackageAnalysis = z.object({
  schemaVersion: z.literal(PACKAGE_ANALYSIS_SCHEMA_VERSION),
  analyzerVersion: z.string(),
  engineVersion: z.string(),
  ecosystem: PackageEcosystem,
  name: z.string(),
  version: z.string(),
  /** `sha256:<hex>` of the bytes analysed (computed by SIGMA). */
  digest: z.string(),
  /** The registry's declared digest that the bytes were checked against (SRI form). */
  integrity: z.string(),
  distribution: z.object({ filename: z.string(), kind: DistributionKind, bytes: z.number().int().nonnegative() }),
  analysisType: PackageAnalysisType,
  /** Why the analysis is PARTIAL or BINARY_ONLY (empty when FULL). */
  analysisNotes: z.array(z.string()),
  files: PackageFileStats,
  installScripts: z.array(InstallScript),
  findings: z.array(Finding),
  advisories: z.array(PackageAdvisory),
  /** `sha256:<hex>` of the advisory snapshot consulted; null when none was. */
  advisorySnapshot: z.string().nullable(),
  /** What the package itself declares it needs (markers and extras applied). */
  dependencies: z.array(DeclaredDependency),
  verdict: PackageVerdict,
  reasons: z.array(z.string()),
  highestSeverity: Severity.nullable(),
});
export type PackageAnalysis = z.infer<typeof PackageAnalysis>;

/** One entry of the certificate's `packages` block (an array, sorted by ecosystem, name, version). */
export const CertificatePackage = z.object({
  ecosystem: PackageEcosystem,
  name: z.string(),
  version: z.string(),
  digest: z.string(),
  integrity: z.string(),
  depth: z.number().int().positive(),
  direct: z.boolean(),
  requiredBy: z.array(z.string()),
  pin: PackagePin,
  analysisType: PackageAnalysisType,
  verdict: PackageVerdict,
  installScripts: z.array(InstallScriptHook),
  advisories: z.array(z.object({ id: z.string(), severity: Severity, malware: z.boolean() })),
  highestSeverity: Severity.nullable(),
  findingCount: z.number().int().nonnegative(),
  /** Declared dependencies not reviewed because they lie beyond the depth limit (disclosed, not certified). */
  beyondDepth: z.array(z.string()),
  /** Resolution facts worth disclosing (yanked, deprecated, dependencies decided at build time). */
  notes: z.array(z.string()),
});
export type CertificatePackage = z.infer<typeof CertificatePackage>;

export const CertificatePackages = z.array(CertificatePackage);
export type CertificatePackages = z.infer<typeof CertificatePackages>;
