'use strict';

function splitFrontMatter(text) {
  if (!text.startsWith('---\n')) return ['', text];
  const end = text.indexOf('\n---\n', 4);
  return end < 0 ? ['', text] : [text.slice(0, end + 5), text.slice(end + 5)];
}

function wrapLine(line, width) {
  if (!width || line.length <= width || /^\s*([-#>|]|\d+\.)/.test(line)) return [line];
  const words = line.split(/\s+/);
  const out = [];
  let cur = '';
  for (const w of words) {
    if (cur && cur.length + 1 + w.length > width) {
      out.push(cur);
      cur = w;
    } else cur = cur ? `${cur} ${w}` : w;
  }
  if (cur) out.push(cur);
  return out;
}

function tidy(text, { wrap = 0 } = {}) {
  const [front, body] = splitFrontMatter(text.replace(/\r\n/g, '\n'));
  const lines = body.split('\n');
  const out = [];
  let inCode = false;
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    if (/^\s*```/.test(line)) inCode = !inCode;
    if (inCode || /^\s*```/.test(line)) {
      out.push(line);
      continue;
    }
    const next = lines[i + 1] || '';
    if (line.trim() && /^=+\s*$/.test(next)) {
      out.push(`# ${line.trim()}`);
      i++;
      continue;
    }
    if (line.trim() && /^-+\s*$/.test(next) && !/^\s*[-*+]/.test(line)) {
      out.push(`## ${line.trim()}`);
      i++;
      continue;
    }
    line = line.replace(/^(\s*)[*+](\s+)/, '$1-$2').replace(/\s+$/, '');
    out.push(...wrapLine(line, wrap));
  }
  return front + out.join('\n').replace(/\n{3,}/g, '\n\n').replace(/\n*$/, '\n');
}

module.exports = { tidy };
