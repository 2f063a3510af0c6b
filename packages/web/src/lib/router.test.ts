import { describe, expect, it } from 'vitest';
import { matchPath } from './router';

describe('matchPath', () => {
  it('matches fixed and parametric segments', () => {
    expect(matchPath('/', '/')).toEqual({});
    expect(matchPath('/faq', '/faq')).toEqual({});
    expect(matchPath('/faq', '/faq/')).toEqual({});
    expect(matchPath('/certificate/:id', '/certificate/0123456789abcdef01234567')).toEqual({ id: '0123456789abcdef01234567' });
    expect(matchPath('/dashboard/submissions/:id', '/dashboard/submissions/abc')).toEqual({ id: 'abc' });
  });

  it('rejects other shapes', () => {
    expect(matchPath('/certificate/:id', '/certificate')).toBeNull();
    expect(matchPath('/certificate/:id', '/certificate/a/b')).toBeNull();
    expect(matchPath('/certificate/:id', '/certificate/')).toBeNull();
    expect(matchPath('/faq', '/faqs')).toBeNull();
  });

  it('decodes parameters and refuses malformed escapes', () => {
    expect(matchPath('/certificate/:id', '/certificate/a%20b')).toEqual({ id: 'a b' });
    expect(matchPath('/certificate/:id', '/certificate/%E0%A4%A')).toBeNull();
  });
});
