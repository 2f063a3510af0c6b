import type { Lang } from '../classify.js';
import type { Lexed } from '../lex/lex.js';
import { fold } from '../text/fold.js';
import type { Folded } from '../text/fold.js';
import { LineIndex } from '../text/lines.js';
import type { Hit } from '../types.js';

export type CapName = 'shell' | 'env' | 'process' | 'filesystem' | 'wallet' | 'network';

export interface Evidence {
  file: string;
  line: number;
  what: string;
}

export interface UrlFact {
  url: string;
  host: string;
  file: string;
  line: number;
  /** Found in a script or config file (not in prose). */
  inCode: boolean;
}

/** Facts gathered across files, for skill-level rules and the manifest. */
export interface Facts {
  caps: Record<CapName, Evidence[]>;
  urls: UrlFact[];
  /** Outbound sends of data from code (POST/PUT, sockets, mail). */
  sends: Evidence[];
  /** Code that reads credential stores or wallet keys. */
  credentialReads: Evidence[];
  /** Code that sweeps the environment for secrets. */
  envHarvest: Evidence[];
  /** Prose that tells the agent to read credentials. */
  credentialInstructions: Evidence[];
  /** Prose that tells the agent to send data out. */
  sendInstructions: Evidence[];
}

export function newFacts(): Facts {
  return {
    caps: { shell: [], env: [], process: [], filesystem: [], wallet: [], network: [] },
    urls: [],
    sends: [],
    credentialReads: [],
    envHarvest: [],
    credentialInstructions: [],
    sendInstructions: [],
  };
}

/**
 * One piece of text to scan: a file, or text decoded from a blob inside a file. Views share
 * offsets with `text`, so a match in any view maps to the same line.
 */
export interface Unit {
  file: string;
  lang: Lang;
  /** Script (executable code) vs prose (Markdown, text) vs config. */
  role: 'code' | 'prose' | 'config';
  text: string;
  lines: LineIndex;
  lexed: Lexed | null;
  /** Comments and string contents only (code blanked), for prose rules over code files. */
  prose: string;
  /** Set for text decoded from a blob: the line in the file where the blob sits. */
  decodedFrom: { line: number; encoding: string } | null;
  /** Depth of blob decoding (0 for files). */
  depth: number;
  /** Lazily folded views. */
  foldedProse?: Folded;
  foldedText?: Folded;
}

export function makeUnit(
  file: string,
  lang: Lang,
  role: Unit['role'],
  text: string,
  lexed: Lexed | null,
  decodedFrom: Unit['decodedFrom'] = null,
  depth = 0,
): Unit {
  let prose = text;
  if (lexed) {
    const chars = new Array<string>(text.length);
    for (let i = 0; i < text.length; i++) chars[i] = text[i] === '\n' ? '\n' : ' ';
    for (const c of lexed.comments) for (let i = c.start; i < c.end; i++) chars[i] = text[i]!;
    for (const s of lexed.strings) for (let i = s.start; i < s.end; i++) chars[i] = text[i]!;
    prose = chars.join('');
  }
  return { file, lang, role, text, lines: new LineIndex(text), lexed, prose, decodedFrom, depth };
}

export function foldedProse(u: Unit): Folded {
  if (!u.foldedProse) u.foldedProse = fold(u.prose);
  return u.foldedProse;
}

export function foldedText(u: Unit): Folded {
  if (!u.foldedText) u.foldedText = u.prose === u.text ? foldedProse(u) : fold(u.text);
  return u.foldedText;
}

/** Line for an offset in the unit (for decoded units: the line of the blob in its file). */
export function lineAt(u: Unit, offset: number): number {
  return u.decodedFrom ? u.decodedFrom.line : u.lines.lineOf(offset);
}

export function excerptAt(u: Unit, offset: number, length = 0): string {
  const ex = u.lines.excerptAt(offset, length);
  return u.decodedFrom ? `[decoded ${u.decodedFrom.encoding}] ${ex}` : ex;
}

export function hitAt(u: Unit, ruleId: string, offset: number, length: number, extra: Partial<Hit> = {}): Hit {
  return { ruleId, file: u.file, line: lineAt(u, offset), excerpt: excerptAt(u, offset, length), ...extra };
}

export function addCap(facts: Facts, cap: CapName, u: Unit, offset: number, what: string): void {
  const list = facts.caps[cap];
  if (list.length < 200) list.push({ file: u.file, line: lineAt(u, offset), what });
}

/**
 * Runs a global regex over a text and calls `fn` per match, skipping empty matches. Every regex
 * passed here must be linear (bounded quantifiers, no nested repetition).
 */
export function eachMatch(re: RegExp, text: string, fn: (m: RegExpExecArray) => void, max = 200): void {
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  let n = 0;
  while ((m = re.exec(text)) !== null) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    fn(m);
    if (++n >= max) break;
  }
}
