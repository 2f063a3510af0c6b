import { describe, expect, it } from 'vitest';
import { findMocks, labelMocks, makeMocks } from './mock-env.js';
import { safeRelativePath } from './workspace.js';

describe('mock environment values', () => {
  const { mocks, refused } = makeMocks(['AWS_SECRET_ACCESS_KEY', 'GITHUB_TOKEN', 'PATH', 'LD_PRELOAD', 'PYTHONPATH', 'bad-name', 'GITHUB_TOKEN']);

  it('gives each valid, non-reserved name a recognisable unique canary', () => {
    expect(mocks.map((m) => m.name)).toEqual(['AWS_SECRET_ACCESS_KEY', 'GITHUB_TOKEN']);
    expect(refused).toEqual(['PATH', 'LD_PRELOAD', 'PYTHONPATH', 'bad-name']);
    for (const m of mocks) expect(m.value).toMatch(new RegExp(`^sigma-mock-${m.name}-[0-9a-f]{12}$`));
    expect(mocks[0]!.token).not.toBe(mocks[1]!.token);
  });

  it('finds a mock value sent raw, upper-cased, hex-encoded or base64-encoded at any alignment', () => {
    const v = mocks[0]!.value;
    expect(findMocks(`{"k":"${v}"}`, mocks)).toEqual(['AWS_SECRET_ACCESS_KEY']);
    expect(findMocks(v.toUpperCase(), mocks)).toEqual(['AWS_SECRET_ACCESS_KEY']);
    expect(findMocks(Buffer.from(v).toString('hex'), mocks)).toEqual(['AWS_SECRET_ACCESS_KEY']);
    for (const prefix of ['', 'a', 'ab', 'abc']) {
      expect(findMocks(Buffer.from(`${prefix}key=${v}&x=1`).toString('base64'), mocks), prefix).toEqual(['AWS_SECRET_ACCESS_KEY']);
      expect(findMocks(Buffer.from(`${prefix}${v}`).toString('base64url'), mocks), prefix).toEqual(['AWS_SECRET_ACCESS_KEY']);
    }
    expect(findMocks(`${mocks[1]!.token}.exfil.example`, mocks)).toEqual(['GITHUB_TOKEN']);
    expect(findMocks('GET / HTTP/1.1\r\nhost: example.org\r\n\r\n', mocks)).toEqual([]);
  });

  it('labels mock values in excerpts', () => {
    expect(labelMocks(`token=${mocks[1]!.value}`, mocks)).toBe('token=<mock GITHUB_TOKEN>');
  });
});

describe('sandbox file paths', () => {
  it('accepts normalised relative paths only', () => {
    expect(safeRelativePath('src/main.py')).toBe('src/main.py');
    for (const bad of ['', '/etc/passwd', '../x', 'a/../../x', 'a//b', './a', 'a\\b', '~/.ssh/id_rsa', 'a\u0000b', 'x'.repeat(600)])
      expect(safeRelativePath(bad), bad).toBeNull();
  });
});
