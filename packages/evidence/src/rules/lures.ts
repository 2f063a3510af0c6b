import { unfoldOffset } from '../text/fold.js';
import { unitRule } from './rule.js';
import { eachMatch, foldedText, hitAt, isParsedCode } from './unit.js';
const EXE_DOWNLOAD =
  /\b(?:download|get|grab|fetch|install)\b[^\n]{0,160}?\b[\w.-]{1,80}\.(?:exe|msi|dmg|pkg|scr|bat|cmd|vbs|jar|apk|appimage|run|bin)\b[^\n]{0,40}/gi;

const RUN_VERB = /\b(?:run|execute|open|launch|start|double[- ]click|install)\b/i;

const PASSWORD_ARCHIVE =
  /\b(?:extract|unzip|unpack|open|decompress)\b[^\n]{0,60}?\b(?:with\s{1,3}|using\s{1,3})?(?:the\s{1,3})?(?:password|passphrase|pass|pwd)\s{0,3}[:=]?\s{0,3}[`'"*]{0,2}[\w!@#$%^&*-]{1,32}|\b(?:password|passphrase)[- ]protected\s{1,3}(?:zip|archive|rar|7z)\b|\b(?:zip|archive|rar|7z)\b[^\n]{0,40}\b(?:password|passphrase)\s{0,3}[:=]\s{0,3}[`'"*]{0,2}[\w!@#$%^&*-]{1,32}/gi;

/** Download-and-run lures: an executable to download and run, or a password-protected archive (a way past scanners). */
export const LURES = unitRule({
  name: 'download-lures',
  decoded: true,
  when: (u) => !isParsedCode(u),
  meta: [
    {
      id: 'EXEC_PASSWORD_ARCHIVE',
      title: 'Instructs to download a password-protected archive or executable',
      category: 'remote-execution',
      severity: 'CRITICAL',
      confidence: 'HIGH',
      blocking: true,
      signal: 'none',
      owasp: ['OWASP-AST01', 'OWASP-AST02'],
      why: 'Telling the user or agent to fetch an executable or password-protected archive is the standard malware-delivery lure.',
      remediation: 'Remove the download instruction; ship reviewed source.',
    },
  ],
  alsoReports: ['EXEC_DOWNLOAD_AND_RUN'],
  run(u, ctx) {
    const out = ctx.hits;
    const view = foldedText(u);
    const text = view.text;
    const at = (i: number): number => unfoldOffset(view, i);
    // Download-and-run lures.
    eachMatch(
      EXE_DOWNLOAD,
      text,
      (m) => {
        const window = text.slice(m.index, Math.min(text.length, m.index + 600));
        if (!RUN_VERB.test(window)) return;
        out.push(
          hitAt(u, 'EXEC_DOWNLOAD_AND_RUN', at(m.index), m[0].length, {
            severity: 'HIGH',
            blocking: false,
            detail: 'Tells the reader to download an executable and run it.',
          }),
        );
      },
      10,
    );
    eachMatch(
      PASSWORD_ARCHIVE,
      text,
      (m) => {
        out.push(hitAt(u, 'EXEC_PASSWORD_ARCHIVE', at(m.index), m[0].length));
      },
      10,
    );
  },
});
