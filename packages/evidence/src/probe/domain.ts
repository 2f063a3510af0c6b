import { parse } from 'parse5';
import type { DefaultTreeAdapterTypes } from 'parse5';
import type { DomainProof } from '@sigma/core';
import { guardedFetch } from './guard.js';
import type { GuardPolicy } from './policy.js';

type Node = DefaultTreeAdapterTypes.Node;
type Element = DefaultTreeAdapterTypes.Element;

/**
 * Domain proof (SPEC §6): fetch the developer's homepage — that one page, through the guard, GET,
 * redirects only between `host` and `www.host` — and look for an ordinary, visible `<a href>` to the
 * certificate page. Links inside comments, scripts, templates, `<noscript>`, closed `<details>`, or
 * hidden by `hidden`, `aria-hidden="true"` or an inline style (display:none, visibility:hidden,
 * opacity:0, font-size:0, zero size with overflow hidden, clipped, far off-screen) do not count, and
 * neither does a link with no visible text or image. Stylesheets are not evaluated (docs/probe.md §4).
 */

export interface DomainProofInput {
  homepageUrl: string;
  /** The certificate page URL(s) a link may point at (e.g. the page and its verify URL). */
  certificateUrls: string[];
}

export interface DomainProofOptions {
  policy: GuardPolicy;
  now?: () => Date;
  /** Default 2 MiB (never above the policy's cap). */
  maxBodyBytes?: number;
}

const SKIP = new Set(['script', 'style', 'template', 'noscript', 'iframe', 'object', 'embed', 'head', 'title', 'textarea', 'select']);
const HTML_NS = 'http://www.w3.org/1999/xhtml';

/** Scheme-insensitive (http = https), no default port, no query or fragment, no trailing slash. */
export function normaliseLink(href: string, base: string): string | null {
  let u: URL;
  try {
    u = new URL(href.trim(), base);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  const port = u.port === '' || u.port === '80' || u.port === '443' ? '' : `:${u.port}`;
  const path = u.pathname.replace(/\/+$/, '') || '/';
  return `${u.hostname.replace(/\.$/, '')}${port}${path}`;
}

function attr(el: Element, name: string): string | null {
  return el.attrs.find((a) => a.name === name)?.value ?? null;
}

function styleHides(style: string): boolean {
  const d: Record<string, string> = {};
  for (const part of style.toLowerCase().split(';')) {
    const i = part.indexOf(':');
    if (i > 0)
      d[part.slice(0, i).trim()] = part
        .slice(i + 1)
        .replace(/\s+/g, '')
        .replace(/!important$/, '');
  }
  const zero = (v: string | undefined) => v !== undefined && /^[-+]?0*(?:\.0*)?(?:px|em|rem|%|pt|vh|vw)?$/.test(v);
  const offscreen = (v: string | undefined) => v !== undefined && /^-\d{3,}/.test(v) && Number.parseFloat(v) <= -999;
  if (d['display'] === 'none' || d['visibility'] === 'hidden' || d['visibility'] === 'collapse') return true;
  if (zero(d['opacity']) || zero(d['font-size'])) return true;
  const overflowHidden = d['overflow'] === 'hidden' || d['overflow-x'] === 'hidden' || d['overflow-y'] === 'hidden';
  if (overflowHidden && (zero(d['width']) || zero(d['height']) || zero(d['max-width']) || zero(d['max-height']))) return true;
  if (d['clip'] && /^rect\(0(?:px)?,?0(?:px)?,?0(?:px)?,?0(?:px)?\)$/.test(d['clip'])) return true;
  if (d['clip-path'] && /inset\((?:50%|100%)/.test(d['clip-path'])) return true;
  if (d['transform'] && /scale\(0(?:\.0*)?(?:,0(?:\.0*)?)?\)/.test(d['transform'])) return true;
  if ((d['position'] === 'absolute' || d['position'] === 'fixed') && (offscreen(d['left']) || offscreen(d['top']) || offscreen(d['text-indent']))) return true;
  return offscreen(d['text-indent']);
}

function hides(el: Element): boolean {
  if (el.attrs.some((a) => a.name === 'hidden')) return true;
  if ((attr(el, 'aria-hidden') ?? '').trim().toLowerCase() === 'true') return true;
  const style = attr(el, 'style');
  return style !== null && styleHides(style);
}

function children(n: Node): Node[] {
  return 'childNodes' in n ? (n.childNodes as Node[]) : [];
}

function isElement(n: Node): n is Element {
  return 'tagName' in n;
}

/** Visible text or a visible image inside a link. */
function hasVisibleContent(n: Node): boolean {
  for (const c of children(n)) {
    if (c.nodeName === '#text' && 'value' in c && c.value.trim() !== '') return true;
    if (!isElement(c) || hides(c) || SKIP.has(c.tagName)) continue;
    if (c.tagName === 'img' && ((attr(c, 'alt') ?? '').trim() !== '' || (attr(c, 'src') ?? '').trim() !== '')) return true;
    if (c.tagName === 'svg' || hasVisibleContent(c)) return true;
  }
  return false;
}

export interface LinkScan {
  visible: string[];
  hidden: string[];
}

/** Finds `<a href>` links to any of `targets` (normalised) in an HTML document. */
export function scanLinks(html: string, pageUrl: string, targets: ReadonlySet<string>): LinkScan {
  const doc = parse(html);
  let base = pageUrl;
  const findBase = (n: Node): boolean => {
    for (const c of children(n)) {
      if (isElement(c) && c.tagName === 'base' && attr(c, 'href')) {
        try {
          base = new URL(attr(c, 'href')!, pageUrl).href;
        } catch {
          /* an unusable base is ignored, as browsers do */
        }
        return true;
      }
      if (isElement(c) && c.tagName !== 'template' && findBase(c)) return true;
    }
    return false;
  };
  findBase(doc);
  const out: LinkScan = { visible: [], hidden: [] };
  const visit = (el: Element, hidden: boolean): void => {
    if (SKIP.has(el.tagName) || el.namespaceURI !== HTML_NS) return;
    const h = hidden || hides(el);
    if (el.tagName === 'a') {
      const href = attr(el, 'href');
      const norm = href ? normaliseLink(href, base) : null;
      if (norm && targets.has(norm)) (h || !hasVisibleContent(el) ? out.hidden : out.visible).push(href!);
    }
    // A closed <details> shows only its <summary>.
    const closed = el.tagName === 'details' && !el.attrs.some((a) => a.name === 'open');
    for (const c of children(el)) if (isElement(c)) visit(c, h || (closed && c.tagName !== 'summary'));
  };
  for (const c of children(doc)) if (isElement(c)) visit(c, false);
  return out;
}

function decodeHtml(body: Uint8Array, contentType: string): string {
  const charset = /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType)?.[1] ?? 'utf-8';
  try {
    return new TextDecoder(charset).decode(body);
  } catch {
    return new TextDecoder('utf-8').decode(body);
  }
}

export async function checkDomainProof(input: DomainProofInput, opts: DomainProofOptions): Promise<DomainProof> {
  const checkedAt = (opts.now ?? (() => new Date()))().toISOString();
  const base = { checkedAt, url: input.homepageUrl };
  const targets = new Set(input.certificateUrls.map((u) => normaliseLink(u, u)).filter((u): u is string => u !== null));
  if (targets.size === 0) return { ...base, verified: false, finalUrl: null, reason: 'no certificate page URL to look for', error: null };
  const r = await guardedFetch(input.homepageUrl, opts.policy, {
    method: 'GET',
    accept: 'text/html,application/xhtml+xml;q=0.9',
    sameSiteRedirectsOnly: true,
    maxBodyBytes: opts.maxBodyBytes ?? 2 * 1024 * 1024,
  });
  if (!r.ok) return { ...base, verified: false, finalUrl: null, reason: `the homepage could not be fetched: ${r.error.reason}`, error: r.error };
  const fin = { ...base, finalUrl: r.finalUrl, error: null };
  if (r.status < 200 || r.status >= 300) return { ...fin, verified: false, reason: `the homepage answered ${r.status}` };
  const ct = r.headers['content-type'] ?? '';
  if (!/text\/html|application\/xhtml\+xml/i.test(ct))
    return { ...fin, verified: false, reason: `the homepage is not HTML (${ct.slice(0, 60) || 'no content type'})` };
  const scan = scanLinks(decodeHtml(r.body, ct), r.finalUrl, targets);
  if (scan.visible.length) return { ...fin, verified: true, reason: `the homepage links to the certificate page (${scan.visible[0]!.slice(0, 200)})` };
  if (scan.hidden.length) return { ...fin, verified: false, reason: 'the only links to the certificate page are hidden or empty, which does not count' };
  return { ...fin, verified: false, reason: 'no link to the certificate page was found on the homepage' };
}
