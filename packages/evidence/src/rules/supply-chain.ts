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
