import { eachMatch } from '../rules/unit.js';
import type { Unit } from '../rules/unit.js';

export interface Blob {
  offset: number;
  length: number;
  encoding: 'base64' | 'hex' | 'char-codes' | 'rot13' | 'url-encoding';
  decoded: string;
}

const RUN = /[A-Za-z0-9+/_-]{24,}={0,2}/g;
const HEX_ESC = /(?:\\x[0-9a-fA-F]{2}){8,}/g;
const CHAR_CODES = /(?:fromCharCode\s{0,2}\(|\[)\s{0,2}((?:\d{2,3}\s{0,2},\s{0,2}){7,}\d{2,3})\s{0,2}[)\]]/g;
const CHR_CHAIN = /(?:chr\(\s{0,2}\d{2,3}\s{0,2}\)\s{0,2}\+\s{0,2}){5,}chr\(\s{0,2}\d{2,3}\s{0,2}\)/g;
const URL_ENC = /(?:%[0-9a-fA-F]{2}){12,}/g;

const MAX_BLOB = 64 * 1024;

/** True when decoded bytes read as text (not an image or compressed data). */
function asText(bytes: Uint8Array): string | null {
  if (bytes.length < 8) return null;
  let printable = 0;
  for (const b of bytes) if ((b >= 0x20 && b < 0x7f) || b === 9 || b === 10 || b === 13 || b >= 0xc2) printable++;
  if (printable / bytes.length < 0.95) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Decoded text is worth rescanning when it reads like words or code, not a random token. */
function meaningful(s: string): boolean {
  if (!/[ =(){};:/.]/.test(s)) return false;
  const letters = (s.match(/[A-Za-z]/g) ?? []).length;
  return letters / s.length > 0.4 || /https?:|\/bin\/|\bimport\b|\brequire\b|\beval\b|\bexec\b|\bcurl\b|\bwget\b/.test(s);
}

function preceding(text: string, offset: number, n: number): string {
  return text.slice(Math.max(0, offset - n), offset);
}

/**
 * Finds encoded blobs (base64, hex, char codes, rot13, URL-encoding) and returns those that decode
 * to meaningful text. Images and fonts in data URIs decode to binary and are ignored.
 */
export function findBlobs(u: Unit): Blob[] {
  const text = u.text;
  const out: Blob[] = [];
  if (text.length === 0) return out;
  const push = (offset: number, length: number, encoding: Blob['encoding'], decoded: string | null): void => {
    if (decoded && meaningful(decoded) && out.length < 50) out.push({ offset, length, encoding, decoded: decoded.slice(0, MAX_BLOB) });
  };
  // One fast pass for long runs of base64/hex alphabet characters, classified in code.
  eachMatch(
    RUN,
    text,
    (m) => {
      const run = m[0];
      if (run.length > MAX_BLOB * 2) return;
      if (run.startsWith('eyJ') || (text[m.index - 1] === '.' && text.slice(Math.max(0, m.index - 400), m.index).includes('eyJ'))) return; // JWT parts
      if (/^[0-9a-fA-F]+$/.test(run)) {
        if (run.length >= 32 && run.length % 2 === 0) push(m.index, run.length, 'hex', asText(Buffer.from(run, 'hex')));
        return;
      }
      if (/^[A-Za-z]+$/.test(run) || /^[a-z0-9/_-]+$/.test(run) || !/[A-Z]/.test(run) || !/[a-z]/.test(run)) return; // words or paths
      if (/data:(?:image|font|audio|video)\/[\w+.-]{1,40};base64,$/.test(preceding(text, m.index, 60))) return;
      const b64 = /^[A-Za-z0-9+/]+={0,2}$/.test(run);
      const url = /^[A-Za-z0-9_-]+={0,2}$/.test(run) && /[-_]/.test(run);
      if (b64) push(m.index, run.length, 'base64', asText(Buffer.from(run, 'base64')));
      else if (url && run.length >= 32) push(m.index, run.length, 'base64', asText(Buffer.from(run, 'base64url')));
    },
    400,
  );
  eachMatch(
    HEX_ESC,
    text,
    (m) => {
      const hex = m[0].replace(/\\x/g, '');
      push(m.index, m[0].length, 'hex', asText(Buffer.from(hex, 'hex')));
    },
    50,
  );
  eachMatch(
    CHAR_CODES,
    text,
    (m) => {
      const codes = m[1]!.split(',').map((s) => parseInt(s.trim(), 10));
      if (codes.every((c) => c >= 9 && c < 127)) push(m.index, m[0].length, 'char-codes', String.fromCharCode(...codes));
    },
    50,
  );
  eachMatch(
    CHR_CHAIN,
    text,
    (m) => {
      const codes = [...m[0].matchAll(/\d{2,3}/g)].map((x) => parseInt(x[0], 10));
      if (codes.every((c) => c >= 9 && c < 127)) push(m.index, m[0].length, 'char-codes', String.fromCharCode(...codes));
    },
    50,
  );
  eachMatch(
    URL_ENC,
    text,
    (m) => {
      try {
        push(m.index, m[0].length, 'url-encoding', decodeURIComponent(m[0]));
      } catch {
        /* not valid percent-encoding */
      }
    },
    20,
  );
  if (/rot_?13/i.test(text) && u.lexed) {
    for (const s of u.lexed.strings) {
      if (s.value.length >= 12 && s.value.length < 4000 && /rot_?13/i.test(text.slice(s.end, s.end + 60) + text.slice(Math.max(0, s.start - 60), s.start))) {
        push(
          s.start,
          s.end - s.start,
          'rot13',
          s.value.replace(/[a-z]/gi, (c) => {
            const b = c <= 'Z' ? 65 : 97;
            return String.fromCharCode(((c.charCodeAt(0) - b + 13) % 26) + b);
          }),
        );
      }
    }
  }
  return out;
}

/** Decoded content that is code or a command (`code`), only a URL (`url`), or neither. */
export function decodedLooksActive(s: string): 'code' | 'url' | 'none' {
  if (
    /\b(?:curl|wget|bash|sh\s+-c|powershell|nc\s|os\.system|subprocess|eval|exec|import\s+\w|require\s*\(|child_process|chmod|rm\s+-rf)\b|\/bin\/|\/dev\/tcp/i.test(
      s,
    )
  )
    return 'code';
  if (/https?:\/\//i.test(s)) return 'url';
  return 'none';
}
