import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Every .ts/.tsx source under `dir` (tests excluded) and the relative imports of each, resolved to files. */
function importGraph(dir: string): Map<string, string[]> {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) {
        if (n !== 'node_modules' && n !== 'generated') walk(p);
      } else if (/\.tsx?$/.test(n) && !/\.test\.tsx?$/.test(n)) files.push(p);
    }
  };
  walk(dir);
  const graph = new Map<string, string[]>();
  for (const f of files) {
    // Type-only imports count too: a circle of types is still a circle a reader has to untangle.
    const { importedFiles } = ts.preProcessFile(readFileSync(f, 'utf8'), true, true);
    const deps: string[] = [];
    for (const i of importedFiles) {
      if (!i.fileName.startsWith('.')) continue;
      const base = resolve(dirname(f), i.fileName).replace(/\.js$/, '');
      const hit = [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((c) => existsSync(c));
      if (hit) deps.push(hit);
    }
    graph.set(f, deps);
  }
  return graph;
}

/** The import cycles of a graph: its strongly connected components of more than one file, or a file importing itself (Tarjan). */
function cyclesOf(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}

describe('import cycles', () => {
  for (const pkg of ['core', 'evidence', 'server', 'cli', 'web', 'contracts']) {
    it(`packages/${pkg} has none`, () => {
      const dir = join(REPO, 'packages', pkg, 'src');
      const graph = importGraph(dir);
      expect(graph.size).toBeGreaterThan(0);
      expect(cyclesOf(graph).map((c) => c.map((f) => relative(REPO, f)))).toEqual([]);
    });
  }

  const tmp = mkdtempSync(join(tmpdir(), 'sigma-cycle-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  it('finds a deliberate circle (a → b → c → a) and nothing in its acyclic twin', () => {
    writeFileSync(join(tmp, 'a.ts'), "import { b } from './b.js';\nexport const a = () => b;\n");
    writeFileSync(join(tmp, 'b.ts'), "import type { C } from './c.js';\nexport const b = (x?: C) => x;\n");
    writeFileSync(join(tmp, 'c.ts'), "import { a } from './a.js';\nexport type C = ReturnType<typeof a>;\n");
    writeFileSync(join(tmp, 'd.ts'), "import { a } from './a.js';\nexport const d = a;\n");
    expect(cyclesOf(importGraph(tmp)).map((c) => c.map((f) => relative(tmp, f)))).toEqual([['a.ts', 'b.ts', 'c.ts']]);
    writeFileSync(join(tmp, 'c.ts'), 'export type C = number;\n');
    expect(cyclesOf(importGraph(tmp))).toEqual([]);
  });
});

describe('layering rules in eslint.config.js', () => {
  const eslint = new ESLint({ cwd: REPO });
  const restricted = async (file: string, code: string) =>
    (await eslint.lintText(code, { filePath: join(REPO, file) }))[0]!.messages.filter((m) => m.ruleId === 'no-restricted-imports').length;

  it.each([
    ['packages/server/src/planes/dev/x.ts', "import { submissions } from '../../db/schema/index.js';\nexport const x = submissions;\n"],
    ['packages/server/src/planes/dev/x.ts', "import { eq } from 'drizzle-orm';\nexport const x = eq;\n"],
    ['packages/server/src/domain/x/y.ts', "import { startWorkers } from '../../jobs/workers.js';\nexport const x = startWorkers;\n"],
    ['packages/server/src/domain/x/y.ts', "import type { JobQueue } from '../../jobs/queue.js';\nexport type X = JobQueue;\n"],
    ['packages/core/src/x.ts', "import { analyze } from '@sigma/evidence';\nexport const x = analyze;\n"],
    ['packages/cli/src/x.ts', "import { buildApp } from '@sigma/server';\nexport const x = buildApp;\n"],
    ['packages/web/src/x.ts', "import { buildApp } from '../../server/src/app.js';\nexport const x = buildApp;\n"],
  ])('refuses a deliberate break in %s', async (file, code) => {
    expect(await restricted(file, code)).toBe(1);
  });

  it('accepts what the layers may import', async () => {
    expect(
      await restricted('packages/server/src/planes/dev/x.ts', "import { submit } from '../../domain/submissions/submit.js';\nexport const x = submit;\n"),
    ).toBe(0);
    expect(
      await restricted('packages/server/src/jobs/x.ts', "import { runSealStep } from '../domain/certificates/seal.js';\nexport const x = runSealStep;\n"),
    ).toBe(0);
    expect(await restricted('packages/cli/src/x.ts', "import { SigmaError } from '@sigma/core';\nexport const x = SigmaError;\n")).toBe(0);
  });
});
