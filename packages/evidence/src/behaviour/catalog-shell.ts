/**
 * Shell scripts: each simple command arrives as a call of `cmd` with its words; pipes hand the left
 * command's output to the right one as `stdin`; redirections are `$write` (`>`, `>>`) and `$read` (`<`).
 */
import { arg, readFile, runCommand, writeFile } from './effects.js';
import type { Handler } from './effects.js';
import { render } from './values.js';

export const SHELL: Array<[RegExp, Handler]> = [
  [
    /^cmd$/,
    (s, fx) =>
      runCommand(
        s,
        fx,
        s.args.map((v) => ({ text: render(v) ?? '…', vals: [v] })),
        s.kw.get('stdin') ?? null,
        false,
      ),
  ],
  [/^\$write$/, (s, fx) => (writeFile(s, fx, arg(s, 0), s.args.slice(1)), { t: [] })],
  [/^\$read$/, (s, fx) => readFile(s, fx, arg(s, 0), s.ref)],
  [
    /^\$readsecret$/,
    (s, fx) =>
      fx.source(s, 'credential', `reads a secret typed at a prompt that does not echo (\`read -s ${arg(s, 0)?.s ?? ''}\`)`, { name: arg(s, 0)?.s ?? null }),
  ],
];
