/**
 * PyPI distribution files: names (wheel tags per PEP 427/425, sdists per PEP 625), which files a
 * pip on the target would install and in what order, and the simple index pages (PEP 503 HTML,
 * PEP 691 JSON).
 */
import type { DistributionKind } from '@sigma/core';
import * as pep440 from '@renovatebot/pep440';
import { normalizePyName } from './pep508.js';
import type { TargetEnvironment } from './types.js';

export interface IndexFile {
  filename: string;
  url: string;
  sha256: string | null;
  requiresPython: string | null;
  yanked: boolean;
  /** PEP 658/714: the core metadata is served at `<url>.metadata`; its sha256 when given. */
  metadata: { sha256: string | null } | null;
}

export interface ParsedFilename {
  kind: DistributionKind;
  version: string;
  /** Wheel tag triples; empty for sdists. */
  tags: Array<{ py: string; abi: string; plat: string }>;
}

export function parseDistFilename(filename: string, project: string): ParsedFilename | null {
  if (filename.endsWith('.whl')) {
    const parts = filename.slice(0, -4).split('-');
    if (parts.length !== 5 && parts.length !== 6) return null;
    if (normalizePyName(parts[0]!) !== project) return null;
    const [py, abi, plat] = parts.slice(-3) as [string, string, string];
    const tags: ParsedFilename['tags'] = [];
    for (const p of py.split('.')) for (const a of abi.split('.')) for (const pl of plat.split('.')) tags.push({ py: p, abi: a, plat: pl });
    return { kind: 'wheel', version: parts[1]!, tags };
  }
  const m = /^(.*)\.(tar\.gz|zip)$/i.exec(filename);
  if (!m) return null;
  const stem = m[1]!;
  // The name may itself contain hyphens: take the split whose prefix is the project.
  for (let i = stem.indexOf('-'); i > 0; i = stem.indexOf('-', i + 1)) {
    if (normalizePyName(stem.slice(0, i)) === project) {
      const version = stem.slice(i + 1);
      return pep440.valid(version) ? { kind: 'sdist', version, tags: [] } : null;
    }
  }
  return null;
}

/** How well a wheel tag fits the target: higher is preferred; null when pip would not install it. */
function tagScore(t: { py: string; abi: string; plat: string }, target: TargetEnvironment): number | null {
  const [maj, min] = target.python.version.split('.').map(Number) as [number, number];
  const cp = `cp${maj}${min}`;
  let plat: number;
  if (t.plat === 'any') plat = 0;
  else {
    const mach = target.python.platformMachine;
    const legacy: Record<string, number> = { manylinux1: 5, manylinux2010: 12, manylinux2014: 17 };
    const m = /^manylinux_(\d+)_(\d+)_(.+)$/.exec(t.plat);
    const l = /^(manylinux1|manylinux2010|manylinux2014)_(.+)$/.exec(t.plat);
    if (target.python.sysPlatform !== 'linux') return null;
    if (t.plat === `linux_${mach}`) plat = 3;
    else if (m && Number(m[1]) === 2 && Number(m[2]) <= target.python.glibcMinor && m[3] === mach) plat = 2;
    else if (l && legacy[l[1]!]! <= target.python.glibcMinor && l[2] === mach) plat = 2;
    else return null;
  }
  let abi: number;
  if (t.abi === 'none') abi = 0;
  else if (t.abi === 'abi3') abi = 1;
  else if (t.abi === cp || t.abi === `${cp}m`) abi = 2;
  else return null;
  let py: number;
  const pm = /^(py|cp)(\d)(\d*)$/.exec(t.py);
  if (!pm) return null;
  const tMaj = Number(pm[2]);
  const tMin = pm[3] === '' ? null : Number(pm[3]);
  if (tMaj !== maj) return null;
  if (pm[1] === 'cp') {
    if (tMin === null) return null;
    if (tMin === min) py = 3;
    else if (tMin < min && t.abi === 'abi3') py = 2;
    else return null;
  } else if (tMin === null) py = 1;
  else if (tMin <= min) py = tMin === min ? 2 : 1;
  else return null;
  if (abi === 1 && pm[1] !== 'cp') return null;
  return plat * 100 + abi * 10 + py;
}

/**
 * The files of one version pip would consider on the target, best first: compatible wheels (most
 * specific tag first), then the sdist. Files whose Requires-Python excludes the target are dropped.
 */
export function rankFiles(files: IndexFile[], project: string, target: TargetEnvironment): Array<IndexFile & ParsedFilename & { score: number }> {
  const out: Array<IndexFile & ParsedFilename & { score: number }> = [];
  for (const f of files) {
    const p = parseDistFilename(f.filename, project);
    if (!p) continue;
    if (f.requiresPython && pep440.validRange(f.requiresPython) && !pep440.satisfies(target.python.fullVersion, f.requiresPython)) continue;
    if (p.kind === 'sdist') {
      out.push({ ...f, ...p, score: -1 });
      continue;
    }
    const scores = p.tags.map((t) => tagScore(t, target)).filter((s): s is number => s !== null);
    if (scores.length > 0) out.push({ ...f, ...p, score: Math.max(...scores) });
  }
  return out.sort((a, b) => b.score - a.score || (a.filename < b.filename ? -1 : 1));
}

// ---- simple index pages

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'", '#x27': "'" };
const decodeEntities = (s: string): string =>
  s.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (m, e: string) =>
    e.startsWith('#x') ? String.fromCodePoint(parseInt(e.slice(2), 16)) : e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1))) : (ENTITIES[e] ?? m),
  );

function attrs(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
  for (const m of tag.matchAll(re)) out.set(m[1]!.toLowerCase(), decodeEntities(m[2] ?? m[3] ?? m[4] ?? ''));
  return out;
}

function metadataAttr(v: string | undefined): IndexFile['metadata'] {
  if (v === undefined || v === 'false') return null;
  const m = /^sha256=([0-9a-fA-F]{64})$/.exec(v);
  return { sha256: m ? m[1]!.toLowerCase() : null };
}

/** PEP 503 HTML: one `<a href>` per file, the hash in the URL fragment, data-* attributes. */
export function parseSimpleHtml(html: string, pageUrl: string): IndexFile[] {
  const out: IndexFile[] = [];
  for (const m of html.matchAll(/<a\s([^>]*)>([^<]*)<\/a\s*>/gi)) {
    const a = attrs(m[1]!);
    const href = a.get('href');
    if (!href) continue;
    let u: URL;
    try {
      u = new URL(href, pageUrl);
    } catch {
      continue;
    }
    const frag = /^#sha256=([0-9a-fA-F]{64})$/.exec(u.hash);
    u.hash = '';
    const filename = decodeURIComponent(u.pathname.slice(u.pathname.lastIndexOf('/') + 1));
    out.push({
      filename,
      url: u.toString(),
      sha256: frag ? frag[1]!.toLowerCase() : null,
      requiresPython: a.get('data-requires-python') || null,
      yanked: a.has('data-yanked'),
      metadata: metadataAttr(a.get('data-core-metadata') ?? a.get('data-dist-info-metadata')),
    });
  }
  return out;
}

/** PEP 691 JSON. */
export function parseSimpleJson(doc: unknown, pageUrl: string): IndexFile[] | null {
  if (!doc || typeof doc !== 'object' || !Array.isArray((doc as { files?: unknown }).files)) return null;
  const out: IndexFile[] = [];
  for (const f of (doc as { files: unknown[] }).files) {
    if (!f || typeof f !== 'object') continue;
    const o = f as Record<string, unknown>;
    if (typeof o.filename !== 'string' || typeof o.url !== 'string') continue;
    let u: URL;
    try {
      u = new URL(o.url, pageUrl);
    } catch {
      continue;
    }
    u.hash = '';
    const hashes = (o.hashes ?? {}) as Record<string, unknown>;
    const meta = o['core-metadata'] ?? o['dist-info-metadata'];
    const metaSha = meta && typeof meta === 'object' ? (meta as Record<string, unknown>).sha256 : undefined;
    out.push({
      filename: o.filename,
      url: u.toString(),
      sha256: typeof hashes.sha256 === 'string' && /^[0-9a-fA-F]{64}$/.test(hashes.sha256) ? hashes.sha256.toLowerCase() : null,
      requiresPython: typeof o['requires-python'] === 'string' ? o['requires-python'] : null,
      yanked: o.yanked === true || (typeof o.yanked === 'string' && o.yanked !== ''),
      metadata: meta === true || (meta && typeof meta === 'object') ? { sha256: typeof metaSha === 'string' ? metaSha.toLowerCase() : null } : null,
    });
  }
  return out;
}
