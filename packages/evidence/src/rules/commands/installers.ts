import type { Hit } from '../hit.js';

/**
 * Installers a toolchain's own project publishes as `curl … | sh` and documents as the way to install it,
 * by HTTPS origin (and path, where the host is shared). Piping them still runs what the server returns,
 * so the hit stays, lowered: the publisher is the party the user already trusts with the tool.
 */
const OFFICIAL: readonly RegExp[] = [
  /^https:\/\/sh\.rustup\.rs(?:\/|$)/,
  /^https:\/\/astral\.sh\/(?:uv|ruff)\//,
  /^https:\/\/(?:deb|rpm)\.nodesource\.com\/setup_[\w.]+$/,
  /^https:\/\/get\.docker\.com\/?$/,
  /^https:\/\/bun\.sh\/install$/,
  /^https:\/\/deno\.land\/install\.sh$/,
  /^https:\/\/install\.python-poetry\.org\/?$/,
  /^https:\/\/get\.pnpm\.io\/install\.sh$/,
  /^https:\/\/raw\.githubusercontent\.com\/(?:nvm-sh\/nvm|Homebrew\/install)\//,
  /^https:\/\/sdk\.cloud\.google\.com\/?$/,
  /^https:\/\/get\.k3s\.io\/?$/,
  /^https:\/\/ollama\.com\/install\.sh$/,
  /^https:\/\/tailscale\.com\/install\.sh$/,
  /^https:\/\/starship\.rs\/install\.sh$/,
];

const URLS = /\bhttps?:\/\/[^\s'"`|;)<>]+/gi;

/** The official installer the line pipes into a shell, when every URL on it is one. */
export function officialInstaller(line: string): string | null {
  if (line.length >= 190) return null; // an excerpt may be cut: what follows is unseen
  const urls = line.match(URLS) ?? [];
  if (urls.length === 0) return null;
  return urls.every((u) => OFFICIAL.some((re) => re.test(u))) ? urls[0]! : null;
}

/** Lowers a pipe-to-shell hit whose line fetches only official installers (MEDIUM, not blocking, explained). */
export function lowerOfficial<Id extends string>(h: Hit<Id>): Hit<Id> {
  const url = officialInstaller(h.excerpt);
  if (!url) return h;
  return {
    ...h,
    severity: 'MEDIUM',
    blocking: false,
    adjustments: [
      ...(h.adjustments ?? []),
      `${url} is the project's own documented installer: it still runs what the server returns, so pin a version or check a digest where the project offers one.`,
    ],
  };
}
