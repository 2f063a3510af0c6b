import { describe, expect, it } from 'vitest';
import { safeNext } from './Login';
import { stageIndex } from './Submission';

describe('login redirect', () => {
  it('only follows same-site paths after sign-in', () => {
    expect(safeNext('/dashboard/keys')).toBe('/dashboard/keys');
    expect(safeNext(null)).toBe('/dashboard');
    expect(safeNext('https://evil.example/')).toBe('/dashboard');
    expect(safeNext('//evil.example/')).toBe('/dashboard');
    expect(safeNext('/\\evil.example')).toBe('/dashboard');
  });
});

describe('submission stage strip', () => {
  it('places each status on the strip', () => {
    expect(stageIndex('SUBMITTED')).toBe(0);
    expect(stageIndex('SANDBOX')).toBe(1);
    expect(stageIndex('IN_AUDIT')).toBe(2);
    expect(stageIndex('ESCALATED')).toBe(2);
    expect(stageIndex('APPROVED')).toBe(3);
    expect(stageIndex('REJECTED')).toBe(3);
    expect(stageIndex('DRAFT')).toBe(0);
  });
});
