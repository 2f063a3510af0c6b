import { describe, expect, it } from 'vitest';
import { findSecrets, isPlaceholder, redactSecrets, shannonEntropy } from './detect.js';

describe('secrets', () => {
  it('finds live known-format secrets and tells placeholders apart', () => {
    const live = findSecrets('aws = "AKIAZ7QX3RTY6PLM2WQA"\nGH=ghp_R7x2Lq9ZkP4mT8vW1nB5cY3hJ6dF0sA2gE7u');
    expect(live.map((s) => [s.kind, s.live])).toEqual([
      ['aws-access-key-id', true],
      ['github-token', true],
    ]);
    const fake = findSecrets('AKIAIOSFODNN7EXAMPLE and ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx');
    expect(fake.every((s) => !s.live)).toBe(true);
  });

  it('needs entropy and variety for generic assignments', () => {
    expect(findSecrets('password = "q8Zr2LmX9vKp4Tn7Wc1Yb6Hd"').some((s) => s.live)).toBe(true);
    expect(findSecrets('password = "correcthorsebatterystaple"').some((s) => s.live)).toBe(false);
    expect(findSecrets('api_key = "your-api-key-goes-here"').some((s) => s.live)).toBe(false);
    expect(findSecrets('token = "${GITHUB_TOKEN}"').some((s) => s.live)).toBe(false);
  });

  it('recognises placeholders, masks and redactions', () => {
    for (const p of ['<YOUR_KEY>', 'sk-****abcd', 'xxxxxxxxxxxx', 'REDACTED', 'changeme123', '1234567890abcdef']) expect(isPlaceholder(p), p).toBe(true);
    expect(isPlaceholder('q8Zr2LmX9vKp4Tn7Wc1Yb6Hd')).toBe(false);
  });

  it('redacts values and keeps only a short prefix', () => {
    const r = redactSecrets('key AKIAZ7QX3RTY6PLM2WQA end');
    expect(r).not.toContain('AKIAZ7QX3RTY6PLM2WQA');
    expect(r).toContain('[REDACTED:aws-access-key-id:20]');
  });

  it('computes Shannon entropy', () => {
    expect(shannonEntropy('aaaa')).toBe(0);
    expect(shannonEntropy('abcd')).toBe(2);
  });
});
