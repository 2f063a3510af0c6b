/** Git mirrors (SIGMA_GIT_MIRRORS): where a submitted https repository URL is really fetched from. */
import { SigmaError } from '@sigma/core';

/** A submitted URL starting with `from` is fetched from `to` + the rest of the URL. */
export interface GitMirror {
  from: string;
  to: string;
}

/** `https://host/prefix/=file:///srv/mirror/,…`; each side must end with `/` so a prefix matches whole path segments. */
export function parseGitMirrors(value: string): GitMirror[] {
  const pairs = value
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  return pairs.map((pair) => {
    const at = pair.indexOf('=');
    const from = at > 0 ? pair.slice(0, at) : '';
    const to = at > 0 ? pair.slice(at + 1) : '';
    if (!/^https:\/\/[^\s/]+\/(\S*\/)?$/.test(from) || !/^(?:https:\/\/[^\s/]+|file:\/\/)\/(\S*\/)?$/.test(to))
      throw new SigmaError(
        'SIGMA_E_CONFIG_INVALID',
        `Invalid configuration SIGMA_GIT_MIRRORS: "${pair}" must be https://host/prefix/=file:///dir/ (or =https://mirror/prefix/), both ending in /`,
        { field: 'SIGMA_GIT_MIRRORS' },
      );
    return { from, to };
  });
}

/** The URL git really fetches (the longest matching prefix wins), and how to show its messages as the submitted URL. */
export function mirrorUrl(mirrors: GitMirror[], url: string): { fetchUrl: string; shown: (text: string) => string } {
  const m = mirrors.filter((x) => url.startsWith(x.from)).sort((a, b) => b.from.length - a.from.length)[0];
  if (!m) return { fetchUrl: url, shown: (t) => t };
  const fetchUrl = m.to + url.slice(m.from.length);
  return { fetchUrl, shown: (t) => t.split(fetchUrl).join(url).split(m.to).join(m.from) };
}
