import { describe, expect, it } from 'vitest';
import { bySeverity, formatBytes, formatDate, groupBy, phaseName, plural, shortHash } from './format';

describe('format helpers', () => {
  it('formats dates in UTC and tolerates missing or odd values', () => {
    expect(formatDate('2026-12-01T10:00:00.123Z')).toBe('2026-12-01 10:00:00 UTC');
    expect(formatDate(null)).toBe('—');
    expect(formatDate('not a date')).toBe('not a date');
  });

  it('shortens long hashes only', () => {
    expect(shortHash('0x' + 'a'.repeat(64))).toBe('0xaaaaaaaa…aaaaaa');
    expect(shortHash('0x1234')).toBe('0x1234');
    expect(shortHash(null)).toBe('—');
  });

  it('sorts by severity, most severe first, stable and unknown last', () => {
    const items = [
      { id: 1, severity: 'LOW' },
      { id: 2, severity: 'CRITICAL' },
      { id: 3, severity: null },
      { id: 4, severity: 'LOW' },
      { id: 5, severity: 'HIGH' },
    ];
    expect(bySeverity(items).map((x) => x.id)).toEqual([2, 5, 1, 4, 3]);
  });

  it('groups verdicts by phase in ascending order', () => {
    const g = groupBy([{ p: 2 }, { p: 1 }, { p: 2 }, { p: 3 }], (x) => x.p);
    expect(g.map((x) => [x.key, x.items.length])).toEqual([
      [1, 1],
      [2, 2],
      [3, 1],
    ]);
    expect(phaseName(3)).toBe('Escalation assembly');
    expect(phaseName(7)).toBe('Phase 7');
  });

  it('formats sizes and counts', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(2048)).toBe('2.0 KB');
    expect(plural(1, 'file')).toBe('1 file');
    expect(plural(2, 'file')).toBe('2 files');
  });
});
