/**
 * A PyPI client speaking the simple repository API (PEP 503 HTML or PEP 691 JSON, chosen by content
 * negotiation), PEP 658/714 core-metadata files, and downloads from the index's file URLs — which must
 * lie on the configured index (or the operator's named file host, `files.pythonhosted.org` for PyPI).
 */
import type { DeclaredDependency, PackageDistribution } from '@sigma/core';
import { SigmaError } from '@sigma/core';
import * as pep440 from '@renovatebot/pep440';
import { findCoreMetadata, parseCoreMetadata, unpackDistribution } from './dist.js';
import { httpGet, normaliseBaseUrl, originOf, parseJsonBody } from './http.js';
import type { HttpPolicy } from './http.js';
import { digestOf, hexToSri, matchesSri } from './integrity.js';
import { evaluateMarker, normalizePyName, parseRequirement } from './pep508.js';
import { parseSimpleHtml, parseSimpleJson, rankFiles } from './pypi-files.js';
import { DEFAULT_REGISTRY_LIMITS, DEFAULT_TARGET } from './types.js';
import type { RegistryClient, RegistryLimits, RegistryVersion, TargetEnvironment } from './types.js';

export interface PypiRegistryOptions extends Partial<RegistryLimits> {
  /** The simple index base URL; default `https://pypi.org/simple`. */
  url?: string;
  /** Origins the index's file URLs may use; default `https://files.pythonhosted.org` for the official index, none otherwise. */
  fileOrigins?: string[];
  target?: TargetEnvironment;
  fetch?: typeof fetch;
}

const ACCEPT = 'application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01';

export function pypiRegistry(opts: PypiRegistryOptions = {}): RegistryClient {
  const url = normaliseBaseUrl(opts.url ?? 'https://pypi.org/simple');
  const official = originOf(url) === 'https://pypi.org';
  const limits = { ...DEFAULT_REGISTRY_LIMITS, ...opts };
  const target = opts.target ?? DEFAULT_TARGET;
  const policy: HttpPolicy = {
    origins: [originOf(url), ...(opts.fileOrigins ?? (official ? ['https://files.pythonhosted.org'] : [])).map(originOf)],
    timeoutMs: limits.timeoutMs,
    maxRedirects: limits.maxRedirects,
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  };
  const cache = new Map<string, Promise<RegistryVersion[]>>();
  /** Core-metadata availability per distribution URL (PEP 658). */
  const metaOf = new Map<string, { sha256: string | null } | null>();

  async function load(project: string): Promise<RegistryVersion[]> {
    const what = `PyPI simple page of ${project}`;
    const body = await httpGet(`${url}/${project}/`, { accept: ACCEPT, maxBytes: limits.maxMetadataBytes, what }, policy);
    if (body.status === 404)
      throw new SigmaError('SIGMA_E_PACKAGE_NOT_FOUND', `the index has no project ${project}`, { details: { ecosystem: 'PyPI', name: project } });
    const files = body.contentType.includes('json')
      ? parseSimpleJson(parseJsonBody(body, what), body.url)
      : parseSimpleHtml(new TextDecoder('utf-8', { fatal: false }).decode(body.bytes), body.url);
    if (!files) throw new SigmaError('SIGMA_E_PACKAGE_REGISTRY_INVALID', `${what}: not a simple-API page`, { details: { url: body.url } });
    const ranked = rankFiles(files, project, target);
    const byVersion = new Map<string, typeof ranked>();
    for (const f of ranked) {
      const key = pep440.clean(f.version) ?? f.version;
      byVersion.set(key, [...(byVersion.get(key) ?? []), f]);
    }
    const out: RegistryVersion[] = [];
    for (const [version, fs] of byVersion) {
      const distributions: PackageDistribution[] = fs.map((f) => {
        metaOf.set(f.url, f.metadata);
        return { url: f.url, filename: f.filename, kind: f.kind, integrity: f.sha256 ? (hexToSri('sha256', f.sha256) ?? '') : '' };
      });
      out.push({
        name: project,
        version,
        yanked: fs.every((f) => f.yanked),
        deprecated: null,
        distributions,
        dependencies: null,
        platform: { os: [], cpu: [], libc: [] },
        requiresPython: fs[0]!.requiresPython,
      });
    }
    return out;
  }

  async function coreMetadata(dist: PackageDistribution): Promise<{ text: string | null; notes: string[] }> {
    const meta = metaOf.get(dist.url);
    if (meta) {
      const body = await httpGet(
        `${dist.url}.metadata`,
        { accept: '*/*', maxBytes: limits.maxMetadataBytes, what: `core metadata of ${dist.filename}` },
        policy,
      );
      if (body.status === 200) {
        if (meta.sha256 && digestOf(body.bytes) !== `sha256:${meta.sha256}`) {
          throw new SigmaError('SIGMA_E_PACKAGE_DIGEST_MISMATCH', `the core metadata of ${dist.filename} does not match the index's sha256`, {
            details: { url: body.url },
          });
        }
        return { text: new TextDecoder('utf-8', { fatal: false }).decode(body.bytes), notes: [] };
      }
    }
    // No PEP 658 file: read the metadata from the distribution itself (digest checked first).
    const bytes = await client.download(dist.url);
    if (!dist.integrity || !matchesSri(bytes, dist.integrity)) {
      throw new SigmaError('SIGMA_E_PACKAGE_DIGEST_MISMATCH', `${dist.filename} does not match the index's digest`, { details: { url: dist.url } });
    }
    const unpacked = unpackDistribution(bytes, dist.kind, dist.filename);
    return { text: findCoreMetadata(unpacked.files, dist.kind), notes: [] };
  }

  const client: RegistryClient = {
    ecosystem: 'PyPI',
    url,
    versions(name) {
      const project = normalizePyName(name);
      let p = cache.get(project);
      if (!p) {
        if (cache.size >= 1000) cache.clear();
        p = load(project);
        cache.set(project, p);
        p.catch(() => cache.delete(project));
      }
      return p;
    },
    async dependencies(version, dist, extras) {
      const { text, notes } = await coreMetadata(dist);
      if (text === null) return { dependencies: [], notes: [...notes, `${dist.filename} has no core metadata; its dependencies are unknown`] };
      const md = parseCoreMetadata(text);
      if (dist.kind === 'sdist' && (md.metadataVersion === null || pep440.lt(md.metadataVersion, '2.2') || md.dynamic.includes('requires-dist'))) {
        notes.push(`${dist.filename}: an sdist's dependencies are decided by its build (setup.py) at install time; those listed in PKG-INFO were resolved`);
      }
      const deps: DeclaredDependency[] = [];
      for (const line of md.requiresDist) {
        try {
          const r = parseRequirement(line);
          if (r.marker && !evaluateMarker(r.marker, target, extras)) continue;
          deps.push({ name: r.name, spec: r.url !== null ? `@ ${r.url}` : r.specifier, extras: r.extras, optional: false });
        } catch {
          notes.push(`${version.name} ${version.version}: Requires-Dist ${JSON.stringify(line)} cannot be parsed`);
        }
      }
      deps.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      return { dependencies: deps, notes };
    },
    async download(target2) {
      const body = await httpGet(target2, { accept: 'application/octet-stream', maxBytes: limits.maxDistributionBytes, what: 'PyPI distribution' }, policy);
      if (body.status === 404)
        throw new SigmaError('SIGMA_E_PACKAGE_VERSION_NOT_FOUND', `the file ${target2} is missing from the index`, { details: { url: target2 } });
      return body.bytes;
    },
  };
  return client;
}
