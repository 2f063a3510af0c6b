import { sha256 } from '@noble/hashes/sha2.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { canonicalJson } from './canonical.js';

export const HASH_SCHEME = 'keccak256-canonical-json-v1' as const;
export type HashScheme = typeof HASH_SCHEME;

export type Hex = `0x${string}`;

const toBytes = (data: string | Uint8Array): Uint8Array => (typeof data === 'string' ? utf8ToBytes(data) : data);

/** keccak256, 0x-prefixed lowercase hex. */
export function keccak256Hex(data: string | Uint8Array): Hex {
  return `0x${bytesToHex(keccak_256(toBytes(data)))}`;
}

/** SHA-256, lowercase hex without prefix (the form used in file inventories and `skillHash`). */
export function sha256Hex(data: string | Uint8Array): string {
  return bytesToHex(sha256(toBytes(data)));
}

/** CRLF and lone CR become LF. */
export function normaliseLf(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/** `skillHash`: SHA-256 of SKILL.md decoded as UTF-8 with line endings normalised to LF. */
export function skillHash(skillMd: string | Uint8Array): string {
  const text = typeof skillMd === 'string' ? skillMd : new TextDecoder('utf-8').decode(skillMd);
  return sha256Hex(normaliseLf(text));
}

/**
 * `codeHash`: SHA-256 over the sorted lines `path\0sha256(LF-normalised content)\n`.
 * Paths use `/` and are sorted by UTF-16 code units (JS default sort), like JCS keys.
 */
export function codeHash(files: ReadonlyArray<{ path: string; content: string | Uint8Array }>): string {
  const lines = files
    .map((f) => {
      const text = typeof f.content === 'string' ? f.content : new TextDecoder('utf-8').decode(f.content);
      return `${f.path}\0${sha256Hex(normaliseLf(text))}\n`;
    })
    .sort();
  return sha256Hex(lines.join(''));
}

/** The certificate payload hash: keccak256 over the RFC 8785 canonical JSON of the snapshot. */
export function payloadHash(snapshot: unknown): Hex {
  return keccak256Hex(canonicalJson(snapshot));
}
