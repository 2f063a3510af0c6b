/** Checks a .pyc against the shipped source: names in the bytecode must all occur in the source. */
export function checkPyc(path: string, bytes: Uint8Array, sources: ReadonlyMap<string, string>): { matching: boolean; reason: string } {
  const base = path
    .replace(/\.py[co]$/i, '')
    .replace(/(?:^|\/)__pycache__\//, (m) => (m.startsWith('/') ? '/' : ''))
    .replace(/\.(?:cpython|pypy)-?\d*[\w-]*$/i, '');
  const src = sources.get(`${base}.py`);
  if (src === undefined) return { matching: false, reason: `no ${base}.py in the submission` };
  // Header: magic(4) flags(4) then mtime(4)+size(4) or a source hash(8).
  const flags = (bytes[4] ?? 0) | ((bytes[5] ?? 0) << 8);
  if ((flags & 1) === 0 && bytes.length >= 16) {
    const size = ((bytes[12] ?? 0) | ((bytes[13] ?? 0) << 8) | ((bytes[14] ?? 0) << 16) | ((bytes[15] ?? 0) << 24)) >>> 0;
    const srcSize = Buffer.byteLength(src, 'utf8');
    if (size !== srcSize) return { matching: false, reason: `bytecode records a source of ${size} bytes, ${base}.py has ${srcSize}` };
  }
  // Every identifier-like string in the bytecode should appear in the source.
  const strings = new Set<string>();
  let cur = '';
  for (let i = 16; i < bytes.length; i++) {
    const b = bytes[i]!;
    if ((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x5f) cur += String.fromCharCode(b);
    else {
      if (cur.length >= 4 && /^[A-Za-z_]/.test(cur)) strings.add(cur);
      cur = '';
    }
  }
  const missing = [...strings].filter((s) => !src.includes(s) && !/^(?:module|lambda|listcomp|genexpr|dictcomp|setcomp|annotations)$/.test(s));
  if (missing.length > 0) return { matching: false, reason: `bytecode names not in ${base}.py: ${missing.slice(0, 8).join(', ')}` };
  return { matching: true, reason: `matches ${base}.py` };
}
