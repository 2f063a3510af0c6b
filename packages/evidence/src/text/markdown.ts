/** Fenced code blocks in Markdown: language and body range. */
export function fencedBlocks(text: string): Array<{ lang: string; start: number; end: number }> {
  const out: Array<{ lang: string; start: number; end: number }> = [];
  const re = /^[ \t]{0,3}(`{3,}|~{3,})[ \t]{0,4}([\w+-]{0,20})[^\n]{0,100}\n/gm;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null && out.length < 2000) {
    const fence = m[1]!;
    const start = m.index + m[0].length;
    const closeRe = new RegExp(`^[ \\t]{0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}[ \\t]*$`, 'gm');
    closeRe.lastIndex = start;
    const c = closeRe.exec(text);
    const end = c ? c.index : text.length;
    out.push({ lang: m[2]!.toLowerCase(), start, end });
    re.lastIndex = c ? c.index + c[0].length : text.length;
  }
  return out;
}
