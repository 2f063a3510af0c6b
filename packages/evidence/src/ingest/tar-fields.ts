/**
 * Field decoders of a tar header block: numeric fields (octal, or GNU base-256 for large sizes),
 * NUL-terminated strings, and the `key=value` records of a pax extended header.
 */

const dec = new TextDecoder('utf-8', { fatal: false });

export function octal(d: Uint8Array, off: number, len: number): number {
  // GNU base-256 for large sizes.
  if ((d[off]! & 0x80) !== 0) {
    let v = 0;
    for (let i = 1; i < len; i++) v = v * 256 + d[off + i]!;
    return v;
  }
  let s = '';
  for (let i = off; i < off + len; i++) {
    const c = d[i]!;
    if (c === 0 || c === 0x20) {
      if (s.length > 0) break;
      continue;
    }
    s += String.fromCharCode(c);
  }
  if (!/^[0-7]*$/.test(s)) return NaN;
  return s.length === 0 ? 0 : parseInt(s, 8);
}

export function cstr(d: Uint8Array, off: number, len: number): string {
  let end = off;
  while (end < off + len && d[end] !== 0) end++;
  return dec.decode(d.subarray(off, end));
}

export function parsePax(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let i = 0;
  while (i < text.length) {
    const sp = text.indexOf(' ', i);
    if (sp < 0) break;
    const len = parseInt(text.slice(i, sp), 10);
    if (!Number.isFinite(len) || len <= 0) break;
    const rec = text.slice(sp + 1, i + len - 1);
    const eq = rec.indexOf('=');
    if (eq > 0) out.set(rec.slice(0, eq), rec.slice(eq + 1));
    i += len;
  }
  return out;
}
