import { unfoldOffset } from '../text/fold.js';
import { unitRule } from './rule.js';
import { eachMatch, foldedText, hitAt, isParsedCode } from './unit.js';

/** Packages installed from untrusted indexes, registries or straight from URLs (dependency confusion, unreviewed code). */
export const SUPPLY_CHAIN = unitRule({
  name: 'supply-chain',
  decoded: true,
  when: (u) => !isParsedCode(u),
  meta: [
    {
      id: 'SUPPLY_CHAIN_UNTRUSTED_SOURCE',
      title: 'Installs packages from an untrusted index or URL',
      category: 'remote-execution',
      severity: 'HIGH',
      confidence: 'MEDIUM',
      blocking: false,
      signal: 'none',
      owasp: ['OWASP-AST02'],
      why: 'A custom package index, a trusted-host override or an install from a raw URL pulls code that no registry or reviewer has seen (dependency confusion).',
      remediation: 'Install pinned versions from the official registry.',
    },
  ],
  run(u, ctx) {
    const out = ctx.hits;
    const view = foldedText(u);
    const text = view.text;
    const at = (i: number): number => unfoldOffset(view, i);
    // Packages from untrusted indexes or URLs (dependency confusion, unreviewed code).
    eachMatch(
      /\bpip3?\s{1,3}install\b[^\n]{0,200}?(?:--(?:extra-)?index-url|\s-i)\s{1,3}(?:https?:\/\/)(?!pypi\.org|files\.pythonhosted\.org|download\.pytorch\.org)[^\s]{3,200}|\bpip3?\s{1,3}install\b[^\n]{0,200}?--trusted-host\b|\bnpm\s{1,3}(?:i|install|add)\b[^\n]{0,120}?--registry[= ]\s{0,2}https?:\/\/(?!registry\.npmjs\.org)[^\s]{3,200}/gi,
      text,
      (m) => {
        out.push(hitAt(u, 'SUPPLY_CHAIN_UNTRUSTED_SOURCE', at(m.index), m[0].length));
      },
      10,
    );
    // The same, set once for every later install: pip/npm configuration, environment, uv.
    eachMatch(
      /\bpip3?\s{1,3}config\s{1,3}set\s{1,3}(?:global|user|site|install)\.(?:extra-index-url|index-url)\s{1,3}["']?https?:\/\/(?!pypi\.org|files\.pythonhosted\.org)[^\s"']{3,200}|\bpip3?\s{1,3}config\s{1,3}set\s{1,3}(?:global|user|site|install)\.trusted-host\b[^\n]{0,200}|\bPIP_(?:EXTRA_)?INDEX_URL\s{0,2}=\s{0,2}["']?https?:\/\/(?!pypi\.org)[^\s"']{3,200}|\bnpm\s{1,3}config\s{1,3}set\s{1,3}registry\s{1,3}["']?https?:\/\/(?!registry\.npmjs\.org)[^\s"']{3,200}|\buv\s{1,3}(?:pip\s{1,3}install|add|sync)\b[^\n]{0,200}?--(?:extra-)?index-url\s{1,3}https?:\/\/(?!pypi\.org)[^\s]{3,200}/gi,
      text,
      (m) => {
        const plain = /http:\/\//i.test(m[0]) || /trusted-host/i.test(m[0]);
        out.push(
          hitAt(u, 'SUPPLY_CHAIN_UNTRUSTED_SOURCE', at(m.index), m[0].length, {
            ...(plain ? { confidence: 'HIGH' as const } : {}),
            detail: plain
              ? 'Sets a package index over plain HTTP (or tells pip to trust a host without TLS) for every later install: anyone on the path can swap the packages, and a name on both indexes resolves to either (dependency confusion).'
              : 'Sets a custom package index for every later install: a name on both indexes resolves to either (dependency confusion).',
          }),
        );
      },
      10,
    );
    eachMatch(
      /\b(?:pip3?\s{1,3}install|npm\s{1,3}(?:i|install|add)|yarn\s{1,3}add|pnpm\s{1,3}add|uv\s{1,3}pip\s{1,3}install)\b[^\n]{0,120}?\s(?:git\+https?:\/\/|https?:\/\/[^\s]{3,200}\.(?:tgz|tar\.gz|whl|zip)\b)/gi,
      text,
      (m) => {
        out.push(
          hitAt(u, 'SUPPLY_CHAIN_UNTRUSTED_SOURCE', at(m.index), m[0].length, {
            severity: 'MEDIUM',
            detail: 'Installs code straight from a URL or git repository, outside the registry.',
          }),
        );
      },
      10,
    );
  },
});
