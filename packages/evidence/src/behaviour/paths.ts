/**
 * What a file path or URL points at, from its known text. Paths: `~` is the user's home (from
 * `expanduser`, `Path.home()`, `os.homedir()`, `$HOME`), `<skill>` the skill's own folder (from
 * `__file__`, `__dirname`, `import.meta.url`); relative paths are taken as inside the skill.
 */
import type { PathLocation } from '@sigma/core';
import { isLoopbackOrPrivate } from '../text/hosts.js';
import { SKILL_DIR } from './values.js';

/** Stores of keys, tokens, wallets, browser secrets and keychains. Matched against normalised paths. */
const CREDENTIAL =
  /(?:^|\/)(?:\.ssh(?:\/|$)|id_(?:rsa|dsa|ecdsa|ed25519)\b|\.aws\/(?:credentials|config)|\.azure\/|\.config\/gcloud|application_default_credentials\.json|\.kube\/config|\.docker\/config\.json|\.netrc$|_netrc$|\.npmrc$|\.pypirc$|\.git-credentials$|\.config\/gh\/hosts\.yml|\.gnupg(?:\/|$)|\.password-store|\.env(?:\.[\w-]+)?$|\.bitcoin\/|wallet\.dat$|\.ethereum\/keystore|\/keystore\/|\.electrum\/|\.config\/solana|solana\/id\.json|exodus\/|metamask|phantom|login data$|cookies(?:\.sqlite)?$|local state$|key[34]\.db$|logins\.json$|web data$|\.mozilla\/firefox|google\/chrome|chromium\/|bravesoftware|microsoft\/edge|library\/keychains|\.keychain(?:-db)?$|\.local\/share\/keyrings|\.vault-token$|\.terraform\.d\/credentials|\.config\/hub$|\.boto$|\.s3cfg$|credentials\.json$|\.bash_history$|\.zsh_history$|\/etc\/shadow$|\/etc\/sudoers)/i;

/** Agent runtimes' own stores: transcripts, memory and settings of coding agents. */
const AGENT_STORE =
  /(?:^|\/)(?:\.claude|\.codex|\.cursor|\.continue|\.gemini|\.aider[\w.-]*|\.config\/claude|\.openai|\.copilot|\.windsurf|\.codeium)(?:\/|$)|(?:transcript|conversation|chat[_-]?history)[\w.-]*\.(?:jsonl?|md|txt)$/i;

/** Files a shell or the OS runs by itself: shell profiles, cron, launch agents, autostart, systemd, git hooks. */
const STARTUP =
  /(?:^|\/)(?:\.bashrc|\.bash_profile|\.bash_login|\.profile|\.zshrc|\.zprofile|\.zshenv|\.config\/fish\/config\.fish|\.config\/autostart\/|\.config\/systemd\/user\/|library\/launchagents\/|library\/launchdaemons\/|\/etc\/cron|\/var\/spool\/cron|\/etc\/systemd\/|\/etc\/init\.d\/|\/etc\/rc\.local|\/etc\/profile|\.git\/hooks\/|start menu\/programs\/startup|crontab)/i;

/**
 * Configuration an agent runtime loads on every start: MCP server lists (commands it launches), permission
 * allow-lists, hooks and standing instructions. Writing one outlives the skill like a shell profile does.
 */
const AGENT_CONFIG =
  /(?:^|\/)(?:\.claude\.json|\.claude\/(?:settings(?:\.local)?\.json|CLAUDE\.md|hooks\/)|claude_desktop_config\.json|\.cursor\/(?:mcp\.json|rules\/)|\.codex\/(?:config\.toml|AGENTS\.md)|\.gemini\/(?:settings\.json|GEMINI\.md)|\.continue\/config\.(?:json|ya?ml)|\.codeium\/windsurf\/mcp_config\.json|\.vscode\/mcp\.json|\.mcp\.json)$|(?:^|\/)\.cursor\/rules\//i;

export type PathClass = { location: PathLocation; agentStore: boolean };

export function normalisePath(p: string): string {
  return p.replace(/\\/g, '/').replace(/\/{2,}/g, '/');
}

/** Classifies a path by its known text; `exact` false means only a prefix is known. */
export function classifyPath(text: string | undefined, exact: boolean): PathClass {
  if (text === undefined || text === '') return { location: 'unknown', agentStore: false };
  const p = normalisePath(text.trim());
  const agentStore = AGENT_STORE.test(p);
  if (CREDENTIAL.test(p)) return { location: 'credential', agentStore };
  if (STARTUP.test(p)) return { location: 'startup', agentStore };
  if (AGENT_CONFIG.test(p) && (p.startsWith('~/') || /^\/(?:home|users|root)\//i.test(p))) return { location: 'startup', agentStore: true };
  if (p.startsWith(SKILL_DIR)) return { location: 'skill', agentStore };
  if (p === '~' || p.startsWith('~/') || /^\/(?:home|users)\/[^/]+/i.test(p) || /^[a-z]:\/users\//i.test(p) || /^\/root(?:\/|$)/.test(p))
    return { location: 'home', agentStore };
  if (/^(?:\/tmp|\/var\/tmp|\/dev\/shm)(?:\/|$)/.test(p)) return { location: 'tmp', agentStore };
  if (/^(?:\/|[a-z]:\/)/i.test(p)) return { location: 'system', agentStore };
  if (!exact) return { location: 'unknown', agentStore };
  if (p.startsWith('../')) return { location: 'unknown', agentStore };
  return { location: 'skill', agentStore };
}

/** Shows the path the way the report does (`~`, `<skill>`), with unknown tails as `…`. */
export function showPath(text: string | undefined, exact: boolean): string | null {
  if (text === undefined) return null;
  const p = normalisePath(text);
  return exact ? p : `${p}…`;
}

const URL_HEAD = /^\s*([a-z][a-z0-9+.-]{0,20}):\/\/([^/?#\s]*)([/?#\s]|$)/i;

/**
 * The host of a URL whose leading text is known. With only a prefix, the authority must be complete
 * (followed by `/`, `?`, `#` or a port) or the host is unknown.
 */
export function hostFromText(text: string | undefined, exact: boolean): string | null {
  if (!text) return null;
  const m = URL_HEAD.exec(text);
  if (!m) return null;
  if (!exact && m[3] === '' && !/:\d+$/.test(m[2]!)) return null;
  return cleanHost(m[2]!);
}

/** A bare host name or address (sockets, `nc host`, `ssh user@host`). */
export function bareHost(text: string | undefined): string | null {
  if (!text) return null;
  const t = text.trim();
  if (/^[a-z][a-z0-9+.-]{0,20}:\/\//i.test(t)) return hostFromText(t, true);
  return cleanHost(t);
}

function cleanHost(authority: string): string | null {
  let h = authority;
  const at = h.lastIndexOf('@');
  if (at >= 0) h = h.slice(at + 1);
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    return end > 0 ? h.slice(0, end + 1).toLowerCase() : null;
  }
  h = h
    .replace(/:\d{0,5}$/, '')
    .toLowerCase()
    .replace(/\.$/, '');
  if (h === 'localhost') return h;
  if (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(h)) return h;
  if (!/^[\p{L}\p{N}-]{1,63}(?:\.[\p{L}\p{N}-]{1,63}){1,8}$/u.test(h)) return null;
  if (!/\.(?:[\p{L}]{2,63}|xn--[a-z0-9-]{1,59})$/u.test(h)) return null;
  return h;
}

/**
 * Loopback, private and link-local destinations: not an outbound send. The narrow test of
 * text/hosts.ts: `.local` / `.internal` names and `0.x` addresses still count as outbound here.
 */
export function isLocalDestination(host: string): boolean {
  return isLoopbackOrPrivate(host);
}

/** Whether `host` is `declared` or a subdomain of it (api.example.com is covered by example.com). */
export function hostCovered(host: string, declared: Iterable<string>): boolean {
  for (const d of declared) {
    const dl = d.toLowerCase();
    if (host === dl || host.endsWith(`.${dl}`)) return true;
  }
  return false;
}
