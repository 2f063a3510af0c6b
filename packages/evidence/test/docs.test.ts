import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RULES } from '../src/index.js';

const doc = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'docs', 'evidence.md');

describe('docs/evidence.md', () => {
  it('lists every rule of the catalogue with its default severity', () => {
    expect(existsSync(doc)).toBe(true);
    const text = readFileSync(doc, 'utf8');
    for (const r of RULES) {
      const row = text.split('\n').find((l) => l.startsWith(`| \`${r.id}\` |`));
      expect(row, r.id).toBeDefined();
      expect(row!.includes(`| ${r.severity} |`), r.id).toBe(true);
    }
  });
});
