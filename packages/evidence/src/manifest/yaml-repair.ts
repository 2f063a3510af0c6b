/**
 * The one repair the front-matter reader accepts. Hand-written front matter often has a top-level
 * value like `description: Use it when: the user asks` (YAML reads the second `: ` as a nested
 * mapping and refuses the line) or starts a value with a backtick or `@` (reserved characters).
 * The intent — a piece of text — is not in doubt, so such a value (with its indented continuation
 * lines, folded the way YAML folds plain scalars) is rewritten as a double-quoted string. Nothing
 * else is repaired: a value that starts like structure (`[`, `{`, `*`, `&`, `!`, `|`, `>`, quotes)
 * stays as written, so `name: [unclosed` remains unreadable. Lines keep their positions.
 */

const TOP_LEVEL = /^([A-Za-z_][\w.-]{0,63})([ \t]*):[ \t]+(\S.*)$/;
/** Starts that make a value something other than plain text. */
const STRUCTURAL_START = /^(?:["'[{|>&*!%#?]|-[ \t]|-$|:[ \t]|:$)/;
const RESERVED_START = /^[`@]/;

function stripComment(line: string): string {
  return line.replace(/[ \t]+#.*$/, '');
}

/** Folds plain-scalar lines: lines join with a space, an empty line becomes a line break. */
function fold(lines: string[]): string {
  let out = '';
  let pendingBreaks = 0;
  for (const raw of lines) {
    const l = stripComment(raw).trim();
    if (l === '') {
      pendingBreaks++;
      continue;
    }
    if (out !== '') out += pendingBreaks > 0 ? '\n'.repeat(pendingBreaks) : ' ';
    pendingBreaks = 0;
    out += l;
  }
  return out;
}

export function repairPlainScalars(raw: string): string {
  const lines = raw.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = TOP_LEVEL.exec(lines[i]!);
    if (!m) continue;
    const value = m[3]!;
    if (STRUCTURAL_START.test(value)) continue;
    let end = i + 1;
    while (end < lines.length && (lines[end]!.trim() === '' || /^[ \t]/.test(lines[end]!))) end++;
    // Trailing blank lines belong to no value.
    while (end > i + 1 && lines[end - 1]!.trim() === '') end--;
    const parts = [value, ...lines.slice(i + 1, end)];
    const text = fold(parts);
    const needs = RESERVED_START.test(value) || /:[ \t]|:$/.test(text.replace(/\n/g, ' '));
    if (!needs) {
      i = end - 1;
      continue;
    }
    lines[i] = `${m[1]}${m[2]}: ${JSON.stringify(text)}`;
    for (let k = i + 1; k < end; k++) lines[k] = '';
    i = end - 1;
  }
  return lines.join('\n');
}
