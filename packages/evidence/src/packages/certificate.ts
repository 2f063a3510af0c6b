/** The certificate's `packages` block from a resolution and the registry's analyses of its packages. */
import type { CertificatePackages, PackageAnalysis, PackageResolution } from '@sigma/core';
import { SigmaError } from '@sigma/core';

export function certificatePackages(resolution: PackageResolution, analyses: PackageAnalysis[]): CertificatePackages {
  const byKey = new Map(analyses.map((a) => [`${a.ecosystem}:${a.name}@${a.version}:${a.integrity}`, a]));
  return resolution.packages
    .map((p) => {
      const a = byKey.get(`${p.ecosystem}:${p.name}@${p.version}:${p.distribution.integrity}`);
      if (!a) {
        throw new SigmaError('SIGMA_E_INTERNAL', `no analysis of ${p.ecosystem} ${p.name}@${p.version} for the certificate`, {
          details: { ecosystem: p.ecosystem, name: p.name, version: p.version },
        });
      }
      return {
        ecosystem: p.ecosystem,
        name: p.name,
        version: p.version,
        digest: a.digest,
        integrity: a.integrity,
        depth: p.depth,
        direct: p.direct,
        requiredBy: p.requiredBy,
        pin: p.pin,
        analysisType: a.analysisType,
        verdict: a.verdict,
        installScripts: a.installScripts.map((s) => s.hook),
        advisories: a.advisories.map((x) => ({ id: x.id, severity: x.severity, malware: x.malware })),
        highestSeverity: a.highestSeverity,
        findingCount: a.findings.length,
        beyondDepth: p.beyondDepth,
        notes: p.notes,
      };
    })
    .sort((x, y) => (x.ecosystem < y.ecosystem ? -1 : x.ecosystem > y.ecosystem ? 1 : 0) || x.name.localeCompare(y.name) || (x.version < y.version ? -1 : 1));
}
