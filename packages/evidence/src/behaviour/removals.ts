/** What a removal command deletes: `rm -rf d`, `rmdir d`, `Remove-Item -Recurse d`, `find d -delete` (no filter). */
const REMOVERS = new Set(['rm', 'rmdir', 'unlink', 'shred', 'srm', 'del', 'rd', 'erase', 'remove-item', 'ri']);
/** `find` tests that narrow what is deleted to matching entries. */
const FILTER = /^-(?:i?name|i?path|i?regex|mtime|mmin|atime|newer|size|empty|user)$/;

export function removalsOf<W extends { text: string }>(prog: string, rest: readonly W[]): Array<{ word: W; recursive: boolean }> {
  if (REMOVERS.has(prog)) {
    const recursive = prog === 'rmdir' || prog === 'rd' || rest.some((w) => /^-(?:[a-z]*r[a-z]*|-recursive|recurse)$/i.test(w.text));
    return rest.filter((w) => !w.text.startsWith('-')).map((word) => ({ word, recursive }));
  }
  // `find d -delete` with no name or age filter removes everything under d.
  if (prog !== 'find' || rest.some((w) => FILTER.test(w.text))) return [];
  const deletes = rest.some((w, i) => w.text === '-delete' || (w.text === '-exec' && rest[i + 1]?.text === 'rm'));
  const root = rest.find((w) => !w.text.startsWith('-'));
  return deletes && root ? [{ word: root, recursive: true }] : [];
}
