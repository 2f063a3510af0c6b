import { unfoldOffset } from '../../text/fold.js';
import { unitRule } from '../rule.js';
import { eachMatch, foldedText, hitAt, isParsedCode } from '../unit.js';

/** Sends from the shell (`curl -d`, uploads) as facts, the whole environment piped into a transfer tool, and DNS exfiltration. */
export const SHELL_EXFILTRATION = unitRule({
  name: 'shell-exfiltration',
  decoded: true,
  when: (u) => !isParsedCode(u),
  meta: [],
  alsoReports: ['ENV_HARVEST', 'EXFIL_DATA_FLOW'],
  run(u, ctx) {
    const facts = ctx.facts;
    const out = ctx.hits;
    const view = foldedText(u);
    const text = view.text;
    const at = (i: number): number => unfoldOffset(view, i);
    eachMatch(
      /\b(?:curl|wget|http|httpie|xh)\b[^\n|;]{0,200}?(?:\s(?:-d|-F|-T)\s{0,2}\S|\s--(?:data(?:-binary|-raw|-urlencode)?|form|upload-file|post-data|post-file)\b|\s-X\s{0,2}(?:POST|PUT|PATCH)\b)/g,
      text,
      (m) => {
        facts.sends.push({ file: u.file, line: u.lines.lineOf(at(m.index)), what: m[0].slice(0, 80) });
      },
      20,
    );
    eachMatch(
      /(?:^|[;&|(`$]\s{0,3})(?:env|printenv|set|export\s{1,3}-p)\s{0,3}\|\s{0,3}(?:base64\s{0,3}\|\s{0,3})?(?:curl|wget|nc|ncat|gzip|tar|xxd|openssl)\b/gm,
      text,
      (m) => {
        out.push(hitAt(u, 'ENV_HARVEST', at(m.index), m[0].length, { detail: 'The whole environment is piped into a transfer tool.' }));
        facts.envHarvest.push({ file: u.file, line: u.lines.lineOf(at(m.index)), what: m[0] });
      },
      5,
    );
    eachMatch(
      /\b(?:nslookup|dig|host|ping)\s{1,3}[^\n]{0,40}\$\((?:whoami|hostname|id|cat|env|printenv|echo\s{1,3}\$)[^\n)]{0,80}\)[^\n]{0,10}\.[a-z0-9-]{2,63}\.[a-z]{2,24}/gi,
      text,
      (m) => {
        out.push(hitAt(u, 'EXFIL_DATA_FLOW', at(m.index), m[0].length, { detail: 'Local data is encoded into a DNS lookup (DNS exfiltration).' }));
      },
      5,
    );
  },
});
