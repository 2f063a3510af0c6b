import { harvestAt, JS_HARVEST, PY_HARVEST } from './sources.js';
import { unitRule } from '../rule.js';
import { codeModel } from './model.js';
import { eachMatch, hitAt, isParsedCode } from '../unit.js';

/** Sweeping the environment with a filter on secret-looking names (copying it for a subprocess is not harvesting). */
export const ENV_HARVESTING = unitRule({
  name: 'env-harvest',
  decoded: false,
  when: isParsedCode,
  meta: [
    {
      id: 'ENV_HARVEST',
      title: 'Collects secret-looking environment variables',
      category: 'credentials',
      severity: 'HIGH',
      confidence: 'HIGH',
      blocking: false,
      signal: 'none',
      owasp: ['OWASP-AST01'],
      why: 'Sweeping the environment for KEY/TOKEN/SECRET variables is credential harvesting.',
      remediation: 'Read only the specific variable the skill needs.',
    },
  ],
  run(u, ctx) {
    const { py, code, raw, assigns } = codeModel(u);
    const facts = ctx.facts;
    const out = ctx.hits;
    // ── environment harvesting: sweeping the environment with a filter on secret-looking names ──
    const envCopies = assigns
      .filter((a) =>
        /^\s{0,4}(?:dict\s{0,2}\(\s{0,2}os\.environ\s{0,2}\)|os\.environ(?:\.copy\s{0,2}\(\s{0,2}\))?|\{\s{0,3}\*\*os\.environ\s{0,3}\}|\{\s{0,3}\.\.\.process\.env\s{0,3}\}|process\.env)\s{0,4};?\s{0,4}$/.test(
          raw.slice(a.rhsStart, a.rhsEnd),
        ),
      )
      .map((a) => a.name.replace(/[$.]/g, (c) => `\\${c}`));
    const harvestRe = envCopies.length
      ? new RegExp(
          `${(py ? PY_HARVEST : JS_HARVEST).source}|\\bfor\\s{1,3}\\w{1,40}(?:\\s{0,2},\\s{0,2}\\w{1,40})?\\s{1,3}(?:in|of)\\s{1,3}(?:Object\\.(?:entries|keys)\\(\\s{0,2})?(?:${envCopies.slice(0, 20).join('|')})\\b(?:\\.(?:items|keys|values)\\s{0,2}\\(\\s{0,2}\\))?`,
          'g',
        )
      : py
        ? PY_HARVEST
        : JS_HARVEST;
    eachMatch(
      harvestRe,
      code,
      (m) => {
        if (!harvestAt(raw, code, m.index, m[0])) return;
        out.push(hitAt(u, 'ENV_HARVEST', m.index, m[0].length));
        facts.envHarvest.push({ file: u.file, line: u.lines.lineOf(m.index), what: m[0] });
      },
      10,
    );
  },
});
