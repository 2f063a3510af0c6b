/** A new random 24-hex-digit id (96 bits), usable in Node and browsers. */
export function newId24(): string {
  const bytes = new Uint8Array(12);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
