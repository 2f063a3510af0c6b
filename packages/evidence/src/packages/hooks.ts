/**
 * Install-time hooks: what runs code when a package is installed, and which files are its entry
 * points. npm: `preinstall`, `install`, `postinstall`, `prepare` of every package.json in the
 * tarball (bundled dependencies run theirs too), and the implicit `node-gyp rebuild` of a
 * `binding.gyp`. Python: an sdist's `setup.py` (or in-tree build backend), a wheel's `.pth` files
 * (executed at every interpreter start).
 */
import type { BehaviourLang, InstallScript, InstallScriptHook } from '@sigma/core';
import { parse as parseToml } from 'smol-toml';
import { jsonLineOf, splitCommands } from './hook-commands.js';
import type { PkgFile } from './pkg-files.js';
import { dirOf, joinPath } from './text.js';

export interface SyntheticScript {
  path: string;
  text: string;
  lang: BehaviourLang;
  /** Where findings in it are reported: one line, or (lineMap) the original line of each synthetic line. */
  origin: { file: string; line: number | null; lineMap?: number[] };
}

export interface HookPlan {
  script: InstallScript;
  /** Real files analysed as entry points of this hook. */
  entries: string[];
  synthetic: SyntheticScript[];
  /** The command when it downloads and runs code in one pipe (`curl … | sh`). */
  fetchExecute: string | null;
  /** Compiles or downloads native code (node-gyp, prebuild-install, setup.py with C sources). */
  native: boolean;
  /** Runs a package through npx / dlx (fetched at install time). */
  npx: string | null;
  /** Parts the engine could not read (missing entry, binary entry, unknown program). */
  problems: string[];
}

const NPM_HOOKS: InstallScriptHook[] = ['preinstall', 'install', 'postinstall', 'prepare'];
const NATIVE_TOOLS =
  /^(?:node-gyp|node-gyp-build|prebuild-install|node-pre-gyp|@mapbox\/node-pre-gyp|cmake-js|napi-build|neon|cargo|make|gcc|g\+\+|cc|c\+\+|clang)$/;
const FETCH_EXEC =
  /\b(?:curl|wget|fetch)\b[^|;&]{0,400}\|\s*(?:sudo\s+)?(?:env\s+)?(?:ba|z|da|k)?sh\b|\b(?:curl|wget)\b[^|;&]{0,400}\|\s*(?:sudo\s+)?(?:node|python3?|perl|ruby)\b|\b(?:ba|z)?sh\s+<\(\s*(?:curl|wget)\b/;

const LANG_BY_PROG: Record<string, BehaviourLang> = {
  node: 'javascript',
  nodejs: 'javascript',
  sh: 'shell',
  bash: 'shell',
  dash: 'shell',
  zsh: 'shell',
  python: 'python',
  python3: 'python',
};

function resolveEntry(base: string, arg: string, files: Map<string, PkgFile>): string | null {
  const p = joinPath(base, arg);
  if (p === null) return null;
  for (const c of [p, `${p}.js`, `${p}.cjs`, `${p}.mjs`, `${p}/index.js`]) if (files.has(c)) return c;
  return null;
}

export function fetchExecute(command: string): string | null {
  return FETCH_EXEC.test(command) ? command : null;
}

/** The plan of one npm lifecycle command, following `npm run` into other scripts. */
function planCommand(
  command: string,
  base: string,
  scripts: Record<string, string>,
  files: Map<string, PkgFile>,
  plan: HookPlan,
  depth: number,
  label: string,
): void {
  if (fetchExecute(command)) plan.fetchExecute = command;
  let n = 0;
  for (const words of splitCommands(command)) {
    let i = 0;
    while (i < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]!)) i++;
    while (words[i] === 'env' || words[i] === 'cross-env' || words[i] === 'exec') i++;
    const prog = words[i]?.replace(/^.*\/node_modules\/\.bin\//, '');
    if (!prog) continue;
    const args = words.slice(i + 1);
    const lang = LANG_BY_PROG[prog];
    if (lang) {
      const inline = args.findIndex((a) => (lang === 'javascript' ? /^(?:-e|--eval|-p|--print)$/.test(a) : a === '-c'));
      if (inline >= 0 && args[inline + 1] !== undefined) {
        const ext = lang === 'javascript' ? 'js' : lang === 'python' ? 'py' : 'sh';
        plan.synthetic.push({
          path: `${label}#${plan.script.hook}-${++n}.${ext}`,
          text: args[inline + 1]!,
          lang,
          origin: { file: plan.script.file, line: plan.script.line },
        });
        continue;
      }
      const fileArg = args.find((a, k) => !a.startsWith('-') && !(k > 0 && /^(?:-r|--require|--import|--loader)$/.test(args[k - 1]!)));
      if (!fileArg) continue;
      const entry = resolveEntry(base, fileArg, files);
      if (!entry) plan.problems.push(`\`${prog} ${fileArg}\`: ${fileArg} is not a file of the package`);
      else if (files.get(entry)!.kind !== 'script' || files.get(entry)!.text === null)
        plan.problems.push(`${entry} cannot be read by the code engine (${files.get(entry)!.skipped ?? files.get(entry)!.kind})`);
      else plan.entries.push(entry);
      continue;
    }
    if ((prog === 'npm' || prog === 'pnpm' || prog === 'yarn') && depth < 4) {
      const sub = args[0] === 'run' || args[0] === 'run-script' ? args[1] : prog === 'npm' ? undefined : args[0];
      if (sub && scripts[sub] !== undefined) {
        planCommand(scripts[sub]!, base, scripts, files, plan, depth + 1, label);
        continue;
      }
      if (prog !== 'npm' && (args[0] === 'dlx' || args[0] === 'exec')) plan.npx = words.slice(i).join(' ');
      continue;
    }
    if (prog === 'npx' || prog === 'pnpx' || prog === 'bunx') {
      plan.npx = words.slice(i).join(' ');
      continue;
    }
    if (NATIVE_TOOLS.test(prog)) {
      plan.native = true;
      continue;
    }
    if (prog.includes('/') || files.has(joinPath(base, prog) ?? '')) {
      const entry = resolveEntry(base, prog, files);
      const f = entry ? files.get(entry) : undefined;
      if (f && f.kind === 'script' && f.text !== null) plan.entries.push(entry!);
      else plan.problems.push(`\`${prog}\` ${f ? `is ${f.kind === 'binary' ? 'a prebuilt binary' : 'not readable'}` : 'is not a file of the package'}`);
    }
  }
}

function parseManifest(text: string | null): { scripts?: unknown } {
  try {
    const v = text ? (JSON.parse(text) as unknown) : null;
    return v && typeof v === 'object' ? (v as { scripts?: unknown }) : {};
  } catch {
    return {};
  }
}

function newPlan(hook: InstallScriptHook, command: string | null, file: string, line: number | null): HookPlan {
  return {
    script: { hook, command, file, line, entries: [], analysed: true, note: null },
    entries: [],
    synthetic: [],
    fetchExecute: null,
    native: false,
    npx: null,
    problems: [],
  };
}

function finish(plan: HookPlan): HookPlan {
  plan.entries = [...new Set(plan.entries)].sort();
  plan.script.entries = [...plan.entries, ...plan.synthetic.map((s) => s.path)];
  const notes: string[] = [...plan.problems];
  if (plan.native) notes.push('builds or downloads native code, which is not analysed');
  if (plan.npx) notes.push(`runs \`${plan.npx}\`, a package fetched at install time`);
  plan.script.analysed = plan.problems.length === 0 && !plan.native && plan.npx === null;
  plan.script.note = notes.length > 0 ? notes.join('; ') : null;
  return plan;
}

/** npm lifecycle hooks of every package.json in the tarball (outside nested node_modules of bundled deps' own deps too). */
export function npmHooks(files: Map<string, PkgFile>): HookPlan[] {
  const plans: HookPlan[] = [];
  const manifests = [...files.keys()].filter((p) => p === 'package.json' || /(?:^|\/)node_modules\/(?:@[^/]+\/)?[^/]+\/package\.json$/.test(p)).sort();
  for (const mf of manifests) {
    const f = files.get(mf)!;
    const pj = parseManifest(f.text);
    const scripts = pj.scripts && typeof pj.scripts === 'object' ? (pj.scripts as Record<string, unknown>) : {};
    const strScripts = Object.fromEntries(Object.entries(scripts).filter((e): e is [string, string] => typeof e[1] === 'string'));
    const base = dirOf(mf);
    for (const hook of NPM_HOOKS) {
      const cmd = strScripts[hook];
      if (cmd === undefined) continue;
      const plan = newPlan(hook, cmd, mf, f.text ? jsonLineOf(f.text, ['scripts', hook]) : null);
      plan.synthetic.push({ path: `${mf}#${hook}.sh`, text: cmd, lang: 'shell', origin: { file: mf, line: plan.script.line } });
      planCommand(cmd, base, strScripts, files, plan, 0, mf);
      plans.push(finish(plan));
    }
    const gyp = base ? `${base}/binding.gyp` : 'binding.gyp';
    if (files.has(gyp) && strScripts.install === undefined && strScripts.preinstall === undefined) {
      const plan = newPlan('native-build', 'node-gyp rebuild', gyp, null);
      plan.native = true;
      plans.push(finish(plan));
    }
  }
  return plans;
}

/** Python hooks: sdist build code, in-tree build backends, `.pth` startup lines of wheels. */
export function pythonHooks(files: Map<string, PkgFile>, kind: 'sdist' | 'wheel'): HookPlan[] {
  const plans: HookPlan[] = [];
  if (kind === 'sdist') {
    const native = [...files.values()].some((f) => f.kind === 'native-source');
    if (files.has('setup.py')) {
      const plan = newPlan('setup.py', null, 'setup.py', null);
      const f = files.get('setup.py')!;
      if (f.kind === 'script' && f.text !== null) plan.entries.push('setup.py');
      else plan.problems.push(`setup.py cannot be read (${f.skipped ?? f.kind})`);
      plan.native = native;
      plans.push(finish(plan));
    }
    const pyproject = files.get('pyproject.toml');
    if (pyproject?.text) {
      try {
        const doc = parseToml(pyproject.text) as { 'build-system'?: { 'build-backend'?: unknown; 'backend-path'?: unknown } };
        const bs = doc['build-system'];
        const paths = Array.isArray(bs?.['backend-path']) ? bs['backend-path'].filter((p): p is string => typeof p === 'string') : [];
        const backend = typeof bs?.['build-backend'] === 'string' ? bs['build-backend'].split(':')[0]! : null;
        if (backend && paths.length > 0) {
          const plan = newPlan('setup.py', `in-tree build backend ${backend}`, 'pyproject.toml', jsonLineOf(pyproject.text, null, /^\s*backend-path\s*=/));
          const rel = backend.replace(/\./g, '/');
          const hit = paths.flatMap((p) => [joinPath(p, `${rel}.py`), joinPath(p, `${rel}/__init__.py`)]).find((p) => p !== null && files.get(p)?.text);
          if (hit) plan.entries.push(hit);
          else plan.problems.push(`the build backend ${backend} is not a readable file of the sdist`);
          plans.push(finish(plan));
        }
      } catch {
        // An unreadable pyproject.toml is reported by the build, not here.
      }
    }
    if (native && !files.has('setup.py')) {
      const plan = newPlan('native-build', null, 'pyproject.toml', null);
      plan.native = true;
      plans.push(finish(plan));
    }
    return plans;
  }
  for (const [path, f] of files) {
    if (!/^(?:[^/]+\.pth|[^/]+\.data\/(?:purelib|platlib)\/[^/]+\.pth)$/.test(path) || f.text === null) continue;
    const lines = f.text.split(/\r?\n/);
    if (!lines.some((l) => /^import[ \t]/.test(l))) continue;
    const plan = newPlan('pth', null, path, lines.findIndex((l) => /^import[ \t]/.test(l)) + 1);
    // site.py exec()s each `import` line; its `;`-joined statements become one line each here.
    const out: string[] = [];
    const lineMap: number[] = [];
    lines.forEach((l, i) => {
      if (!/^import[ \t]/.test(l)) return;
      for (const stmt of splitPythonStatements(l)) {
        out.push(stmt);
        lineMap.push(i + 1);
      }
    });
    plan.synthetic.push({ path: `${path}#startup.py`, text: out.join('\n') + '\n', lang: 'python', origin: { file: path, line: null, lineMap } });
    plans.push(finish(plan));
  }
  return plans;
}

/** Splits a line of Python at `;` outside string literals. */
export function splitPythonStatements(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let q: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (q) {
      cur += c;
      if (c === '\\') cur += line[++i] ?? '';
      else if (c === q) q = null;
    } else if (c === '"' || c === "'") {
      q = c;
      cur += c;
    } else if (c === '#') break;
    else if (c === ';') {
      if (cur.trim()) out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}
