/**
 * The package analysis rules: ids, titles, why they matter, remediation, OWASP Agentic Skills tags
 * (AST02 supply chain). Severity and blocking are decided per finding by `behaviour.ts`/`analyze.ts`.
 */
import { createHash } from 'node:crypto';
import type { Confidence, Finding, Severity } from '@sigma/core';
import { redactSecrets } from '../rules/secrets/detect.js';

interface PackageRule {
  title: string;
  why: string;
  remediation: string;
  tags: string[];
}

const r = (title: string, why: string, remediation: string, tags: string[] = ['AST02']): PackageRule => ({ title, why, remediation, tags });

export const PACKAGE_RULES = {
  PACKAGE_INSTALL_SCRIPT: r(
    'Runs code when installed',
    'npm lifecycle scripts, setup.py and .pth files run on the installing machine with its credentials, before any of the code is used.',
    'Prefer versions without install scripts, or review exactly what the script runs.',
  ),
  PACKAGE_INSTALL_EXFILTRATION: r(
    'Install-time code sends secrets or personal data out',
    'Code that runs at install reads environment variables, credential files or the home folder and sends them over the network — the shape of a credential-stealing package.',
    'Do not install this version; report it to the registry.',
    ['AST02', 'AST01'],
  ),
  PACKAGE_INSTALL_DATA_FLOW: r(
    'Install-time code moves local data',
    'Code that runs at install moves data from the machine into the network, a process, a file or an evaluator.',
    'Check what is sent and why an install step needs it.',
  ),
  PACKAGE_INSTALL_FETCH_EXECUTE: r(
    'Install step downloads and runs code',
    'An install script pipes downloaded content into an interpreter: whatever the server returns at install time runs, and none of it was reviewed.',
    'Ship the code in the package instead of downloading it at install.',
    ['AST02', 'AST01'],
  ),
  PACKAGE_INSTALL_NETWORK: r(
    'Install step contacts the network',
    'An install script opens network connections; what it downloads or sends is not part of the reviewed package.',
    'Avoid network access at install, or pin and verify what is downloaded.',
  ),
  PACKAGE_INSTALL_DYNAMIC_CODE: r(
    'Install step evaluates dynamic code',
    'An install script evaluates code built at run time, which hides what it does from review.',
    'Remove eval-style execution from install scripts.',
    ['AST02', 'AST01'],
  ),
  PACKAGE_INSTALL_CREDENTIAL_READ: r(
    'Install step reads credentials',
    'An install script reads credential stores (npm, SSH, cloud, wallet files); installing a library never needs them.',
    'Do not install this version without understanding why it reads credentials.',
    ['AST02', 'AST01'],
  ),
  PACKAGE_PERSISTENCE: r(
    'Writes to startup or credential locations',
    'The package writes shell profiles, scheduled tasks, autostart entries or credential files, which persists beyond its own use.',
    'Remove the write, or make it an explicit, documented user action.',
    ['AST02', 'AST01'],
  ),
  PACKAGE_INSTALL_REMOTE_PACKAGE: r(
    'Install step runs a package fetched at install time',
    'npx/dlx in an install script fetches and runs a package that is not part of the reviewed dependency tree.',
    'Depend on that package explicitly so it is resolved and reviewed.',
  ),
  PACKAGE_LOAD_DATA_FLOW: r(
    'Data leaves when the module is loaded',
    'Top-level module code — which runs as soon as the package is imported, before the caller uses it — moves local data out.',
    'Move the behaviour behind an explicit call, or remove it.',
    ['AST02', 'AST01'],
  ),
  PACKAGE_RUNTIME_DATA_FLOW: r(
    'Library code moves local data',
    'A function of the package moves data from the machine (environment, credentials, files) to the network, a process or an evaluator when called.',
    'Check that the destination and the data are what the caller expects.',
  ),
  PACKAGE_NATIVE_CODE: r(
    'Native code not analysed',
    'Prebuilt binaries and native code compiled at install cannot be read by the code engine; they run with the same rights as the rest.',
    'Prefer pure-JS/pure-Python packages, or review the native sources and the build.',
    ['AST02', 'AST08'],
  ),
  PACKAGE_FILE_NOT_ANALYSED: r(
    'Package file not analysed',
    'A script of the package was too large, not valid text, or could not be parsed fully, so part of the code was not reviewed.',
    'Review the file by hand, or prefer a version with readable sources.',
    ['AST02', 'AST08'],
  ),
  PACKAGE_UNREADABLE: r(
    'Distribution cannot be analysed',
    'The archive is damaged, over a limit, or holds entries that escape the package folder; nothing in it is certified.',
    'Publish a well-formed archive within the limits.',
    ['AST02', 'AST08'],
  ),
  PACKAGE_METADATA_MISMATCH: r(
    'The archive is not the package the registry lists',
    "The name or version inside the distribution differs from the registry's metadata.",
    'Do not install this distribution.',
    ['AST02'],
  ),
  PACKAGE_MANIFEST_CONFUSION: r(
    'Registry metadata and archive disagree on dependencies',
    "The dependencies the registry lists differ from those in the archive's own manifest, so tools that read one see a different package than tools that read the other.",
    'Publish consistent metadata; review the dependencies the archive declares.',
  ),
  PACKAGE_ADVISORY: r(
    'Known advisory affects this version',
    'A registry advisory (OSV) lists this version as affected.',
    'Upgrade to a version outside the affected ranges.',
  ),
  PACKAGE_KNOWN_MALWARE: r(
    'Version reported as malware',
    'The advisory database lists this version as malware (an OSV MAL- entry).',
    'Remove the dependency; assume machines that installed it are compromised.',
    ['AST02', 'AST01'],
  ),
} as const satisfies Record<string, PackageRule>;

export type PackageRuleId = keyof typeof PACKAGE_RULES;

export interface PackageHit {
  ruleId: PackageRuleId;
  severity: Severity;
  confidence?: Confidence;
  file: string | null;
  line: number | null;
  excerpt: string;
  detail?: string;
  blocking?: boolean;
}

/** Printable, short, secrets redacted. */
function cleanExcerpt(raw: string): string {
  const s = redactSecrets(raw.slice(0, 2000))
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]/g, (c) =>
      /[\t\n\r]/.test(c) ? ' ' : `\\u{${c.codePointAt(0)!.toString(16)}}`,
    )
    .replace(/ {2,}/g, ' ')
    .trim();
  return s.length > 200 ? `${s.slice(0, 199)}…` : s;
}

export function packageFinding(h: PackageHit): Finding {
  const rule = PACKAGE_RULES[h.ruleId];
  const excerpt = cleanExcerpt(h.excerpt);
  return {
    id: createHash('sha256')
      .update(`${h.ruleId}\u0000${h.file ?? ''}\u0000${h.line ?? 0}\u0000${excerpt}`)
      .digest('hex')
      .slice(0, 16),
    ruleId: h.ruleId,
    title: rule.title,
    severity: h.severity,
    confidence: h.confidence ?? 'HIGH',
    file: h.file,
    line: h.line,
    excerpt,
    why: h.detail ? `${rule.why} ${h.detail}` : rule.why,
    remediation: rule.remediation,
    tags: [...rule.tags, 'category:package'],
    blocking: h.blocking ?? false,
  };
}
