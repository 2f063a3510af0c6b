import type { AnalyzedFile } from '../rule.js';

/** Text an agent reads as a tool's description, with the line it starts on. */
export interface ToolText {
  file: string;
  line: number;
  text: string;
}

const MAX_BYTES = 300_000;
const MIN_WORDS = 12;
const MAX_TEXTS = 40;

/** Code or configuration that defines tools for an agent (MCP servers, tool manifests). */
const DEFINES_TOOLS = /\bmcp\b|modelcontextprotocol|fastmcp|\.tool\s*\(|registerTool|@tool\b|\binputSchema\b|\binput_schema\b|"tools"\s*:/i;

const words = (s: string): number => s.split(/\s+/).filter(Boolean).length;

function lineAt(text: string, index: number): number {
  let n = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/** Every "description" string of a JSON document. */
function jsonTexts(f: AnalyzedFile, text: string): ToolText[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return [];
  }
  const out: ToolText[] = [];
  const walk = (v: unknown, depth: number): void => {
    if (depth > 12 || out.length >= MAX_TEXTS || v === null || typeof v !== 'object') return;
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (typeof x === 'string' && /^(?:description|desc|instructions|prompt)$/i.test(k) && words(x) >= MIN_WORDS) {
        const at = text.indexOf(JSON.stringify(x).slice(1, 40));
        out.push({ file: f.path, line: at < 0 ? 1 : lineAt(text, at), text: x });
      } else walk(x, depth + 1);
    }
  };
  walk(doc, 0);
  return out;
}

const LITERAL = /"""([\s\S]*?)"""|'''([\s\S]*?)'''|`((?:[^`\\]|\\.)*)`|"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'/g;

/**
 * String literals of tool-defining code, grouped: literals on consecutive lines (a description
 * split over several strings and joined) read as one text.
 */
function codeTexts(f: AnalyzedFile, text: string): ToolText[] {
  const groups: Array<{ line: number; end: number; parts: string[] }> = [];
  for (const m of text.matchAll(LITERAL)) {
    const body = (m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5] ?? '').replace(/\\n/g, '\n').replace(/\\(["'`\\])/g, '$1');
    const line = lineAt(text, m.index);
    const end = line + (m[0].match(/\n/g)?.length ?? 0);
    const last = groups[groups.length - 1];
    if (last && line <= last.end + 1) {
      last.parts.push(body);
      last.end = end;
    } else groups.push({ line, end, parts: [body] });
  }
  return groups
    .map((g) => ({ file: f.path, line: g.line, text: g.parts.join(' ') }))
    .filter((t) => words(t.text) >= MIN_WORDS)
    .slice(0, MAX_TEXTS);
}

/** Tool descriptions in the skill's code and configuration: what the agent reads when it lists the tools. */
export function toolTexts(files: readonly AnalyzedFile[]): ToolText[] {
  const out: ToolText[] = [];
  for (const f of files) {
    if (f.text === null || f.path.includes('!/') || f.bytes.length > MAX_BYTES) continue;
    if (/\.json$/i.test(f.path)) {
      if (DEFINES_TOOLS.test(f.text)) out.push(...jsonTexts(f, f.text));
    } else if (/\.(?:py|js|mjs|cjs|ts|mts|cts|jsx|tsx)$/i.test(f.path) && DEFINES_TOOLS.test(f.text)) out.push(...codeTexts(f, f.text));
  }
  return out;
}
