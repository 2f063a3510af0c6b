/** Small helpers to point at lines of manifests. */
import { findNodeAtLocation } from 'jsonc-parser';
import type { Node as JsonNode } from 'jsonc-parser';

export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The line of a property's key (or an array element) at `path` in a parsed JSON tree; null when absent. */
export function jsonLine(root: JsonNode | undefined, text: string, path: (string | number)[]): number | null {
  if (!root) return null;
  const node = findNodeAtLocation(root, path);
  if (!node) return null;
  const at = node.parent?.type === 'property' ? node.parent.offset : node.offset;
  return lineAt(text, at);
}

/** The first 1-based line at or after `from` whose text contains `needle`; null when none. */
export function findLine(text: string, needle: string | RegExp, from = 1): number | null {
  const lines = text.split(/\r?\n/);
  for (let i = Math.max(0, from - 1); i < lines.length; i++) {
    const l = lines[i]!;
    if (typeof needle === 'string' ? l.includes(needle) : needle.test(l)) return i + 1;
  }
  return null;
}

export function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

export function joinPath(dir: string, rel: string): string | null {
  const parts = dir ? dir.split('/') : [];
  for (const seg of rel.replace(/\\/g, '/').split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length === 0) return null;
      parts.pop();
    } else parts.push(seg);
  }
  return parts.join('/');
}
