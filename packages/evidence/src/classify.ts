import type { FileKind } from '@sigma/core';

export type Lang = 'python' | 'js' | 'shell' | 'powershell' | 'markdown' | 'json' | 'yaml' | 'html' | 'text';

export type BinaryType =
  'zip' | 'gzip' | 'tar' | 'unsupported-archive' | 'executable' | 'java-class' | 'pyc' | 'wasm' | 'image' | 'font' | 'audio-video' | 'pdf' | 'unknown';

export interface DecodedText {
  text: string | null;
  /** Why the bytes are not text (when text is null). */
  reason?: 'binary' | 'invalid-utf8';
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const utf16le = new TextDecoder('utf-16le', { fatal: false });
const utf16be = new TextDecoder('utf-16be', { fatal: false });

/** Decodes bytes as text (UTF-8, or UTF-16 with a BOM); null when the bytes are binary or not valid UTF-8. */
export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes.length === 0) return { text: '' };
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { text: utf16le.decode(bytes.subarray(2)) };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { text: utf16be.decode(bytes.subarray(2)) };
  const probe = Math.min(bytes.length, 8192);
  for (let i = 0; i < probe; i++) if (bytes[i] === 0) return { text: null, reason: 'binary' };
  try {
    return { text: utf8.decode(bytes) };
  } catch {
    // Mostly-ASCII files with a few stray bytes are text in a legacy encoding; many high bytes = binary.
    let high = 0;
    let ctrl = 0;
    for (let i = 0; i < probe; i++) {
      const b = bytes[i]!;
      if (b >= 0x80) high++;
      else if (b < 0x09 || (b > 0x0d && b < 0x20)) ctrl++;
    }
    if (high / probe > 0.3 || ctrl / probe > 0.1) return { text: null, reason: 'binary' };
    return { text: null, reason: 'invalid-utf8' };
  }
}

function startsWith(bytes: Uint8Array, sig: number[], at = 0): boolean {
  if (bytes.length < at + sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (bytes[at + i] !== sig[i]) return false;
  return true;
}

const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

/** Identifies binary formats by magic bytes (never by extension alone). */
export function sniffBinary(bytes: Uint8Array, path: string): BinaryType | null {
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) return 'zip';
  if (startsWith(bytes, [0x1f, 0x8b])) return 'gzip';
  if (startsWith(bytes, ascii('ustar'), 257)) return 'tar';
  if (
    startsWith(bytes, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]) ||
    startsWith(bytes, ascii('Rar!')) ||
    startsWith(bytes, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]) ||
    startsWith(bytes, ascii('BZh')) ||
    startsWith(bytes, [0x28, 0xb5, 0x2f, 0xfd])
  )
    return 'unsupported-archive';
  if (startsWith(bytes, [0xca, 0xfe, 0xba, 0xbe]) && /\.class$/i.test(path)) return 'java-class';
  if (
    startsWith(bytes, [0x7f, 0x45, 0x4c, 0x46]) ||
    startsWith(bytes, ascii('MZ')) ||
    startsWith(bytes, [0xfe, 0xed, 0xfa, 0xce]) ||
    startsWith(bytes, [0xfe, 0xed, 0xfa, 0xcf]) ||
    startsWith(bytes, [0xce, 0xfa, 0xed, 0xfe]) ||
    startsWith(bytes, [0xcf, 0xfa, 0xed, 0xfe]) ||
    startsWith(bytes, [0xca, 0xfe, 0xba, 0xbe])
  )
    return 'executable';
  if (startsWith(bytes, [0x00, 0x61, 0x73, 0x6d])) return 'wasm';
  if (bytes.length >= 16 && bytes[2] === 0x0d && bytes[3] === 0x0a && /\.py[co]$/i.test(path)) return 'pyc';
  if (
    startsWith(bytes, [0x89, 0x50, 0x4e, 0x47]) ||
    startsWith(bytes, [0xff, 0xd8, 0xff]) ||
    startsWith(bytes, ascii('GIF8')) ||
    (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) ||
    startsWith(bytes, [0x00, 0x00, 0x01, 0x00]) ||
    (startsWith(bytes, ascii('BM')) && /\.bmp$/i.test(path))
  )
    return 'image';
  if (
    startsWith(bytes, [0x00, 0x01, 0x00, 0x00]) ||
    startsWith(bytes, ascii('OTTO')) ||
    startsWith(bytes, ascii('wOFF')) ||
    startsWith(bytes, ascii('wOF2')) ||
    startsWith(bytes, ascii('true'))
  )
    return /\.(ttf|otf|woff2?|ttc)$/i.test(path) ? 'font' : 'unknown';
  if (
    startsWith(bytes, ascii('ID3')) ||
    startsWith(bytes, [0xff, 0xfb]) ||
    startsWith(bytes, ascii('OggS')) ||
    startsWith(bytes, ascii('fLaC')) ||
    (startsWith(bytes, ascii('RIFF')) && (startsWith(bytes, ascii('WAVE'), 8) || startsWith(bytes, ascii('AVI '), 8))) ||
    startsWith(bytes, ascii('ftyp'), 4) ||
    startsWith(bytes, [0x1a, 0x45, 0xdf, 0xa3])
  )
    return 'audio-video';
  if (startsWith(bytes, ascii('%PDF'))) return 'pdf';
  return null;
}

const EXT_LANG: Record<string, Lang> = {
  py: 'python',
  pyw: 'python',
  pyi: 'python',
  js: 'js',
  mjs: 'js',
  cjs: 'js',
  jsx: 'js',
  ts: 'js',
  tsx: 'js',
  mts: 'js',
  cts: 'js',
  sh: 'shell',
  bash: 'shell',
  zsh: 'shell',
  ksh: 'shell',
  fish: 'shell',
  command: 'shell',
  ps1: 'powershell',
  psm1: 'powershell',
  md: 'markdown',
  markdown: 'markdown',
  mdx: 'markdown',
  json: 'json',
  jsonc: 'json',
  json5: 'json',
  yaml: 'yaml',
  yml: 'yaml',
  html: 'html',
  htm: 'html',
  svg: 'html',
  xml: 'html',
  vue: 'html',
};

const SCRIPT_EXT = new Set([
  'py',
  'pyw',
  'pyi',
  'js',
  'mjs',
  'cjs',
  'jsx',
  'ts',
  'tsx',
  'mts',
  'cts',
  'sh',
  'bash',
  'zsh',
  'ksh',
  'fish',
  'command',
  'ps1',
  'psm1',
  'bat',
  'cmd',
  'rb',
  'pl',
  'php',
  'lua',
  'go',
  'rs',
  'java',
  'kt',
  'swift',
  'c',
  'cc',
  'cpp',
  'h',
  'hpp',
  'cs',
  'r',
  'applescript',
  'scpt',
  'vbs',
  'vue',
  'svelte',
]);
const CONFIG_EXT = new Set(['json', 'jsonc', 'json5', 'yaml', 'yml', 'toml', 'ini', 'cfg', 'conf', 'env', 'properties', 'xml', 'plist', 'lock']);
const MARKDOWN_EXT = new Set(['md', 'markdown', 'mdx']);

export function extOf(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return base.startsWith('.') ? base.slice(1).toLowerCase() : '';
  return base.slice(dot + 1).toLowerCase();
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function langOf(path: string, text: string): Lang {
  const ext = extOf(path);
  const byExt = EXT_LANG[ext];
  if (byExt) return byExt;
  const first = text.slice(0, 200);
  if (first.startsWith('#!')) {
    const line = first.split('\n', 1)[0] ?? '';
    if (/python/.test(line)) return 'python';
    if (/\bnode\b|deno|bun/.test(line)) return 'js';
    if (/pwsh|powershell/.test(line)) return 'powershell';
    if (/\b(?:ba|z|k|da)?sh\b/.test(line)) return 'shell';
  }
  if (ext === 'env' || baseName(path).toLowerCase() === 'dockerfile' || baseName(path).toLowerCase() === 'makefile') {
    return 'shell';
  }
  return 'text';
}

/** True when code looks minified or machine-generated: huge lines, few line breaks. */
export function looksMinified(path: string, text: string): boolean {
  if (/\.min\.(js|css|mjs)$/i.test(path)) return true;
  const ext = extOf(path);
  if (!['js', 'mjs', 'cjs', 'css', 'ts', 'jsx', 'tsx'].includes(ext)) return false;
  if (text.length < 2000) return false;
  let lines = 1;
  let longest = 0;
  let cur = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      lines++;
      if (cur > longest) longest = cur;
      cur = 0;
    } else cur++;
  }
  if (cur > longest) longest = cur;
  return longest > 1000 && text.length / lines > 300;
}

export function kindOf(path: string, text: string | null, binary: BinaryType | null): FileKind {
  if (binary === 'zip' || binary === 'gzip' || binary === 'tar' || binary === 'unsupported-archive') return 'archive';
  if (binary === 'pyc' || binary === 'java-class' || binary === 'wasm') return 'bytecode';
  if (text === null || binary !== null) return 'binary';
  const ext = extOf(path);
  if (looksMinified(path, text)) return 'minified';
  if (MARKDOWN_EXT.has(ext)) return 'markdown';
  if (SCRIPT_EXT.has(ext)) return 'script';
  if (CONFIG_EXT.has(ext)) return 'config';
  const lang = langOf(path, text);
  if (lang === 'python' || lang === 'js' || lang === 'shell' || lang === 'powershell') return 'script';
  return 'text';
}

/** Extensions that promise a media/font/document type; a mismatch with the magic bytes is suspicious. */
export function expectedBinaryForExt(path: string): BinaryType | null {
  const ext = extOf(path);
  if (['png', 'jpg', 'jpeg', 'gif', 'webp', 'ico', 'bmp'].includes(ext)) return 'image';
  if (['ttf', 'otf', 'woff', 'woff2', 'ttc'].includes(ext)) return 'font';
  if (['mp3', 'wav', 'ogg', 'flac', 'mp4', 'mov', 'webm', 'avi', 'm4a', 'mkv'].includes(ext)) return 'audio-video';
  if (ext === 'pdf') return 'pdf';
  return null;
}
