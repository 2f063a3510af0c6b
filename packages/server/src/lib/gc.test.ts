import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// In a process of its own: a test runner's worker holds buffers of its own and shares the counters.
const SCRIPT = `
import { collectGarbageNow } from ${JSON.stringify(fileURLToPath(new URL('./gc.ts', import.meta.url)))};
let big = Array.from({ length: 64 }, () => new Uint8Array(1 << 20).fill(1));
const before = process.memoryUsage().arrayBuffers;
big = null;
const ran = collectGarbageNow();
// Backing stores are released on a background thread after the collection: wait for that, not for time.
for (let i = 0; i < 100 && process.memoryUsage().arrayBuffers > 8 * (1 << 20); i++) await new Promise((r) => setTimeout(r, 50));
console.log(JSON.stringify({ ran, before, after: process.memoryUsage().arrayBuffers }));
`;

describe('collectGarbageNow', () => {
  it('frees unreachable memory at once', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SCRIPT], { encoding: 'utf8' });
    const { ran, before, after } = JSON.parse(out.trim().split('\n').pop()!) as { ran: boolean; before: number; after: number };
    expect(ran).toBe(true);
    expect(before).toBeGreaterThan(60 * (1 << 20));
    expect(after).toBeLessThan(8 * (1 << 20));
  });
});
