import { unitRule } from './rule.js';
import type { HitSink } from './rule.js';
import { eachMatch, hitAt } from './unit.js';
import type { Facts, Unit } from './unit.js';
import { hostOf, isIpV4, isLocalHost } from '../text/hosts.js';

export { hostOf, isIpV4, isLocalHost };

const URL_RE = /\b(?:https?|wss?|ftp):\/\/[^\s"'`<>()[\]{}\\|^]{1,2048}/gi;
const BARE_HOST_CMD =
  /\b(?:curl|wget|nc|ncat|telnet|ping|ssh|scp)\s{1,4}(?:-{1,2}[\w-]{1,20}(?:[ =][^\s-][^\s]{0,100})?\s{1,4}){0,6}(?:[\w.-]{1,64}@)?([a-z0-9][a-z0-9-]{0,62}(?:\.[a-z0-9][a-z0-9-]{0,62}){1,6}\.[a-z]{2,24})(?=[/:\s"'`)]|$)/gim;

const TUNNEL_HOST =
  /(?:^|\.)(?:ngrok(?:-free)?\.(?:io|app|dev)|ngrok\.pizza|trycloudflare\.com|serveo\.net|serveousercontent\.com|loca\.lt|localtunnel\.me|localhost\.run|lhr\.life|pipedream\.net|webhook\.site|requestbin\.(?:com|net)|requestcatcher\.com|interact\.sh|oast\.(?:pro|live|site|online|fun|me)|burpcollaborator\.net|oastify\.com|canarytokens\.com|beeceptor\.com|hookbin\.com|ptsv2\.com|transfer\.sh|bashupload\.com|0x0\.st|ix\.io|pastebin\.com|paste\.ee|hastebin\.com|termbin\.com|playit\.gg|bore\.pub|tunnelmole\.net)$/;
const MESSAGING_WEBHOOK = /(?:^|\.)(?:discord(?:app)?\.com|api\.telegram\.org)$/;

function trimUrl(u: string): string {
  let s = u;
  while (s.length > 0 && /[.,;:!?*_~'"]$/.test(s)) s = s.slice(0, -1);
  return s;
}

function mixedScript(host: string): boolean {
  if (/^[\x00-\x7f]*$/.test(host)) return false;
  const latin = /[a-z]/.test(host);
  const other = /[\u0370-\u03ff\u0400-\u04ff\u0500-\u052f]/.test(host);
  return latin && other;
}

/** URLs and hosts (from the given view), tunnel/capture services, raw-IP URLs, homoglyph hosts. */
export function scanNetwork(u: Unit, view: string, facts: Facts, out: HitSink<NetworkRuleId>): void {
  const inCode = u.role !== 'prose';
  let reported = 0;
  const seenHosts = new Set<string>();
  const record = (url: string, host: string, off: number): void => {
    facts.urls.push({ url, host, file: u.file, line: u.lines.lineOf(off), inCode });
    if (seenHosts.has(host) || reported > 40) return;
    seenHosts.add(host);
    if (TUNNEL_HOST.test(host)) {
      out.push(hitAt(u, 'EXFIL_TUNNEL_HOST', off, url.length, inCode ? {} : { severity: 'MEDIUM' }));
      reported++;
    } else if (MESSAGING_WEBHOOK.test(host) && /\/(?:api\/webhooks|bot)/i.test(url)) {
      out.push(hitAt(u, 'EXFIL_TUNNEL_HOST', off, url.length, { severity: 'MEDIUM', detail: 'Chat webhooks and bot APIs are common exfiltration sinks.' }));
      reported++;
    } else if (isIpV4(host) && !isLocalHost(host)) {
      out.push(hitAt(u, 'NETWORK_RAW_IP', off, url.length));
      reported++;
    }
    if (mixedScript(host)) {
      out.push(hitAt(u, 'UNICODE_CONFUSABLE_HOST', off, url.length, { detail: `host ${JSON.stringify(host)} mixes Latin with Cyrillic/Greek letters` }));
      reported++;
    }
  };
  if (view.includes('://')) {
    eachMatch(
      URL_RE,
      view,
      (m) => {
        const url = trimUrl(m[0]);
        const host = hostOf(url);
        if (host) record(url, host, m.index);
      },
      2000,
    );
  }
  if (/\b(?:curl|wget|nc|ncat|telnet|ping|ssh|scp)\s/i.test(view)) {
    eachMatch(
      BARE_HOST_CMD,
      view,
      (m) => {
        const host = m[1]!.toLowerCase();
        if (/\.(?:sh|py|js|ts|json|txt|md|zip|tar|gz|tgz|html|yaml|yml|log|pem|key|csv|xml)$/.test(host)) return;
        record(`//${host}`, host, m.index);
      },
      200,
    );
  }
}

type NetworkRuleId = 'EXFIL_TUNNEL_HOST' | 'NETWORK_RAW_IP' | 'UNICODE_CONFUSABLE_HOST';

/** URLs and hosts in any text (recorded as facts for the manifest), tunnel and capture services, raw IPs, homoglyph hosts. */
export const NETWORK = unitRule({
  name: 'network',
  decoded: true,
  meta: [
    {
      id: 'EXFIL_TUNNEL_HOST',
      title: 'Tunnel or request-capture service',
      category: 'exfiltration',
      severity: 'HIGH',
      confidence: 'MEDIUM',
      blocking: false,
      signal: 'none',
      owasp: ['OWASP-AST01'],
      why: 'Tunnels (ngrok, trycloudflare…) and capture services (webhook.site, interactsh…) hide where data goes and are favourite exfiltration sinks.',
      remediation: 'Use the real service host and declare it.',
    },
    {
      id: 'NETWORK_RAW_IP',
      title: 'URL with a raw IP address',
      category: 'exfiltration',
      severity: 'MEDIUM',
      confidence: 'MEDIUM',
      blocking: false,
      signal: 'none',
      owasp: ['OWASP-AST02'],
      why: 'Public services have names; a raw IP hides who runs the server.',
      remediation: 'Use a named, declared host.',
    },
    {
      id: 'UNICODE_CONFUSABLE_HOST',
      title: 'Host name mixes scripts (homoglyphs)',
      category: 'hidden-unicode',
      severity: 'HIGH',
      confidence: 'MEDIUM',
      blocking: false,
      signal: 'none',
      owasp: ['OWASP-AST01'],
      why: 'A host that mixes Latin with look-alike Cyrillic/Greek letters impersonates another domain.',
      remediation: 'Use the real ASCII (or punycode) host name.',
    },
  ],
  run(u, ctx) {
    scanNetwork(u, u.lexed ? u.lexed.noComments : u.text, ctx.facts, ctx.hits);
  },
});
