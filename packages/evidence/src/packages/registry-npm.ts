/**
 * An npm registry client speaking the registry API: the (abbreviated) packument at `GET /<name>`
 * and the tarball at its `dist.tarball` URL, which must lie on the configured registry.
 */
import type { DeclaredDependency } from '@sigma/core';
import { SigmaError } from '@sigma/core';
import { z } from 'zod';
import { httpGet, normaliseBaseUrl, originOf, parseJsonBody } from './http.js';
import type { HttpPolicy } from './http.js';
import { hexToSri, strongestSri } from './integrity.js';
import { DEFAULT_REGISTRY_LIMITS } from './types.js';
import type { RegistryClient, RegistryLimits, RegistryVersion } from './types.js';

export interface NpmRegistryOptions extends Partial<RegistryLimits> {
  /** Base URL; default the official registry. */
  url?: string;
  /** Further origins the registry's tarball URLs may use (a CDN the operator trusts as the same registry). */
  extraOrigins?: string[];
  fetch?: typeof fetch;
}

const Rec = z.record(z.string(), z.string()).optional();
const Strs = z.union([z.array(z.string()), z.string().transform((s) => [s])]).optional();
const VersionDoc = z
  .object({
    version: z.string(),
    dist: z.object({ tarball: z.string(), integrity: z.string().optional(), shasum: z.string().optional() }).passthrough(),
    dependencies: Rec,
    optionalDependencies: Rec,
    peerDependencies: Rec,
    peerDependenciesMeta: z.record(z.string(), z.object({ optional: z.boolean().optional() }).passthrough()).optional(),
    deprecated: z.union([z.string(), z.boolean()]).optional(),
    os: Strs,
    cpu: Strs,
    libc: Strs,
  })
  .passthrough();
const Packument = z.object({ name: z.string(), versions: z.record(z.string(), z.unknown()) }).passthrough();

export function packumentPath(name: string): string {
  return name.startsWith('@') ? `@${encodeURIComponent(name.slice(1))}` : encodeURIComponent(name);
}

function declared(doc: z.infer<typeof VersionDoc>): DeclaredDependency[] {
  const out = new Map<string, DeclaredDependency>();
  for (const [name, spec] of Object.entries(doc.dependencies ?? {})) out.set(name, { name, spec, extras: [], optional: false });
  for (const [name, spec] of Object.entries(doc.optionalDependencies ?? {})) out.set(name, { name, spec, extras: [], optional: true });
  for (const [name, spec] of Object.entries(doc.peerDependencies ?? {})) {
    if (doc.peerDependenciesMeta?.[name]?.optional === true || out.has(name)) continue;
    out.set(name, { name, spec, extras: [], optional: false });
  }
  return [...out.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function npmRegistry(opts: NpmRegistryOptions = {}): RegistryClient {
  const url = normaliseBaseUrl(opts.url ?? 'https://registry.npmjs.org');
  const limits = { ...DEFAULT_REGISTRY_LIMITS, ...opts };
  const policy: HttpPolicy = {
    origins: [originOf(url), ...(opts.extraOrigins ?? []).map(originOf)],
    timeoutMs: limits.timeoutMs,
    maxRedirects: limits.maxRedirects,
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  };
  const cache = new Map<string, Promise<RegistryVersion[]>>();

  async function load(name: string): Promise<RegistryVersion[]> {
    const what = `npm packument of ${name}`;
    const body = await httpGet(
      `${url}/${packumentPath(name)}`,
      { accept: 'application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8', maxBytes: limits.maxMetadataBytes, what },
      policy,
    );
    if (body.status === 404)
      throw new SigmaError('SIGMA_E_PACKAGE_NOT_FOUND', `the npm registry has no package ${name}`, { details: { ecosystem: 'npm', name } });
    const doc = Packument.safeParse(parseJsonBody(body, what));
    if (!doc.success || doc.data.name !== name) {
      throw new SigmaError('SIGMA_E_PACKAGE_REGISTRY_INVALID', `${what}: not a packument for ${name}`, { details: { url: body.url } });
    }
    const out: RegistryVersion[] = [];
    for (const [key, raw] of Object.entries(doc.data.versions)) {
      const v = VersionDoc.safeParse(raw);
      if (!v.success || v.data.version !== key) continue;
      const d = v.data;
      const integrity = (d.dist.integrity ? strongestSri(d.dist.integrity) : null) ?? (d.dist.shasum ? hexToSri('sha1', d.dist.shasum) : null) ?? '';
      let tarball: URL;
      try {
        tarball = new URL(d.dist.tarball, url + '/');
      } catch {
        continue;
      }
      out.push({
        name,
        version: key,
        yanked: false,
        deprecated: typeof d.deprecated === 'string' && d.deprecated !== '' ? d.deprecated : d.deprecated === true ? 'deprecated' : null,
        distributions: [
          {
            url: tarball.toString(),
            filename: decodeURIComponent(tarball.pathname.slice(tarball.pathname.lastIndexOf('/') + 1)),
            kind: 'npm-tarball',
            integrity,
          },
        ],
        dependencies: declared(d),
        platform: { os: d.os ?? [], cpu: d.cpu ?? [], libc: d.libc ?? [] },
        requiresPython: null,
      });
    }
    return out;
  }

  return {
    ecosystem: 'npm',
    url,
    versions(name) {
      let p = cache.get(name);
      if (!p) {
        if (cache.size >= 1000) cache.clear();
        p = load(name);
        cache.set(name, p);
        p.catch(() => cache.delete(name));
      }
      return p;
    },
    dependencies(version) {
      return Promise.resolve({ dependencies: version.dependencies ?? [], notes: [] });
    },
    async download(target) {
      const body = await httpGet(target, { accept: 'application/octet-stream', maxBytes: limits.maxDistributionBytes, what: 'npm tarball' }, policy);
      if (body.status === 404)
        throw new SigmaError('SIGMA_E_PACKAGE_VERSION_NOT_FOUND', `the tarball ${target} is missing from the registry`, { details: { url: target } });
      return body.bytes;
    },
  };
}
