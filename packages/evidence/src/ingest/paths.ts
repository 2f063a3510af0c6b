export type PathCheck = { ok: true; path: string } | { ok: false; reason: 'absolute' | 'traversal' | 'control' | 'invalid' | 'too-long' };

/**
 * Normalises an untrusted relative path: `/` separators, no `.`/empty segments. Rejects absolute
 * paths, drive letters, UNC paths, any `..` segment, control characters and over-long paths.
 */
export function normalizeRelPath(raw: string, maxLength: number): PathCheck {
  if (raw.length === 0) return { ok: false, reason: 'invalid' };
  if (/[\u0000-\u001f\u007f-\u009f]/.test(raw)) return { ok: false, reason: 'control' };
  const p = raw.replace(/\\/g, '/');
  if (p.startsWith('/') || /^[A-Za-z]:/.test(p) || p.startsWith('~')) return { ok: false, reason: 'absolute' };
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') return { ok: false, reason: 'traversal' };
    parts.push(seg);
  }
  if (parts.length === 0) return { ok: false, reason: 'invalid' };
  const out = parts.join('/');
  if (out.length > maxLength) return { ok: false, reason: 'too-long' };
  return { ok: true, path: out };
}

/** Path order used everywhere: SKILL.md at the root first, then plain code-unit order. */
export function comparePaths(a: string, b: string): number {
  const ra = isRootSkillMd(a) ? 0 : 1;
  const rb = isRootSkillMd(b) ? 0 : 1;
  if (ra !== rb) return ra - rb;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function isRootSkillMd(path: string): boolean {
  return path.toLowerCase() === 'skill.md';
}
