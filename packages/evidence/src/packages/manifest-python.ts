/**
 * Python manifests: `requirements.txt` (pip's format: `-r` includes, `--hash`, continuation lines,
 * comments, index options refused) and `pyproject.toml` (PEP 621 `[project].dependencies`, Poetry's
 * `[tool.poetry.dependencies]`). requirements.txt pins win over pyproject ranges of the same name.
 */
import type { DependencySpec, PackageSpecIssue } from '@sigma/core';
import { parse as parseToml } from 'smol-toml';
import { issue } from './manifest-npm.js';
import { evaluateMarker, exactPin, parseRequirement, pyMatchesEverything, pySatisfies, RequirementError } from './pep508.js';
import { dirOf, findLine, joinPath } from './text.js';
import type { TargetEnvironment } from './types.js';

export interface PythonManifestOptions {
  /** Index URLs a requirements file may name (the configured simple index and the official one). */
  indexUrls: string[];
  target: TargetEnvironment;
}

type Out = { dependencies: DependencySpec[]; errors: PackageSpecIssue[] };

const IGNORED_GLOBAL = /^--(?:require-hashes|pre|prefer-binary|only-binary(?:[= ].*)?|no-binary(?:[= ].*)?|use-feature(?:[= ].*)?|no-deps)$/;
const INDEX_OPT = /^(?:-i|--index-url|--extra-index-url|-f|--find-links|--trusted-host|--no-index)(?:[= ]\s*(.*))?$/;

/** Logical lines: comments removed, `\` continuations joined, each with its first physical line. */
function logicalLines(text: string): Array<{ line: number; text: string }> {
  const out: Array<{ line: number; text: string }> = [];
  let buf = '';
  let start = 0;
  text.split(/\r?\n/).forEach((raw, i) => {
    if (buf === '') start = i + 1;
    const noComment = raw.replace(/(^|\s)#.*$/, '');
    if (noComment.endsWith('\\')) {
      buf += noComment.slice(0, -1) + ' ';
      return;
    }
    buf += noComment;
    if (buf.trim() !== '') out.push({ line: start, text: buf.trim() });
    buf = '';
  });
  if (buf.trim() !== '') out.push({ line: start, text: buf.trim() });
  return out;
}

function classifyUrl(url: string): { code: string; what: string } {
  if (/^(?:git|hg|svn|bzr)\+/i.test(url) || /\.git(?:@|#|$)/.test(url)) return { code: 'SIGMA_E_PACKAGE_SPEC_VCS', what: 'a version-control source' };
  if (/^https?:\/\//i.test(url)) return { code: 'SIGMA_E_PACKAGE_SPEC_URL', what: 'a direct URL' };
  return { code: 'SIGMA_E_PACKAGE_SPEC_PATH', what: 'a local path' };
}

/** Adds one PEP 508 requirement; `null` return means the marker excludes it on the target. */
function addRequirement(reqText: string, file: string, line: number | null, hashes: string[], opts: PythonManifestOptions, out: Out): void {
  let req;
  try {
    req = parseRequirement(reqText);
  } catch (err) {
    if (/^[./~]|^[A-Za-z]:[\\/]|\.(?:whl|zip|tar\.gz|tgz)$/i.test(reqText) || /^[a-z][a-z0-9+.-]*:\/\//i.test(reqText)) {
      const c = classifyUrl(reqText);
      out.errors.push(issue(c.code, file, line, null, reqText, `${JSON.stringify(reqText)} is ${c.what}; only registry packages are accepted`));
    } else {
      out.errors.push(issue('SIGMA_E_PACKAGE_SPEC_INVALID', file, line, null, reqText, `${(err as Error).message}`));
    }
    return;
  }
  if (req.url !== null) {
    const c = classifyUrl(req.url);
    out.errors.push(issue(c.code, file, line, req.name, req.url, `${req.rawName} @ ${req.url} is ${c.what}; only registry packages are accepted`));
    return;
  }
  if (req.marker && !evaluateMarker(req.marker, opts.target, [])) return;
  if (out.dependencies.some((d) => d.name === req.name && d.source.file === file)) {
    out.errors.push(issue('SIGMA_E_PACKAGE_SPEC_INVALID', file, line, req.name, req.specifier, `${req.rawName} is listed twice in ${file}`));
    return;
  }
  if (pyMatchesEverything(req.specifier)) {
    const why = req.specifier === '' ? 'has no version' : `${req.specifier} matches every version`;
    out.errors.push(issue('SIGMA_E_PACKAGE_SPEC_UNPINNED', file, line, req.name, req.specifier || null, `${req.rawName} ${why}; pin it with ==`));
    return;
  }
  const pin = exactPin(req.specifier);
  out.dependencies.push({
    ecosystem: 'PyPI',
    name: req.name,
    alias: null,
    spec: req.specifier,
    pin: pin ? 'exact' : 'range',
    version: pin,
    integrity: null,
    extras: req.extras,
    hashes,
    optional: false,
    source: { file, line },
  });
}

export function parseRequirementsTxt(file: string, files: Map<string, string>, opts: PythonManifestOptions, out: Out, stack: string[] = []): void {
  const text = files.get(file);
  if (text === undefined) return;
  for (const { line, text: l } of logicalLines(text)) {
    if (/\$\{[^}]*\}/.test(l)) {
      out.errors.push(
        issue('SIGMA_E_PACKAGE_SPEC_UNSUPPORTED', file, line, null, l, 'environment variables in requirement files cannot be resolved reproducibly'),
      );
      continue;
    }
    const inc = /^(?:-r|--requirement)(?:\s+|=)(\S+)$/.exec(l);
    if (inc) {
      const target = joinPath(dirOf(file), inc[1]!);
      if (target === null || !files.has(target)) {
        out.errors.push(issue('SIGMA_E_PACKAGE_MANIFEST_INVALID', file, line, null, inc[1]!, `${inc[1]} is not a file of the submission`));
      } else if (stack.includes(target) || stack.length >= 5) {
        out.errors.push(issue('SIGMA_E_PACKAGE_MANIFEST_INVALID', file, line, null, inc[1]!, `${inc[1]} is included in a cycle or too deeply`));
      } else parseRequirementsTxt(target, files, opts, out, [...stack, file]);
      continue;
    }
    const edit = /^(?:-e|--editable)(?:\s+|=)(.+)$/.exec(l);
    if (edit) {
      const c = classifyUrl(edit[1]!.trim());
      out.errors.push(
        issue(c.code === 'SIGMA_E_PACKAGE_SPEC_URL' ? 'SIGMA_E_PACKAGE_SPEC_VCS' : c.code, file, line, null, edit[1]!.trim(), `editable install of ${c.what}`),
      );
      continue;
    }
    const idx = INDEX_OPT.exec(l);
    if (idx) {
      const value = (idx[1] ?? '').trim();
      const ok = /^(?:-i|--index-url)/.test(l) && opts.indexUrls.some((u) => u.replace(/\/+$/, '') === value.replace(/\/+$/, ''));
      if (!ok)
        out.errors.push(
          issue('SIGMA_E_PACKAGE_PRIVATE_REGISTRY', file, line, null, value || null, `${l.split(/[= ]/)[0]} points installs away from the official index`),
        );
      continue;
    }
    if (/^(?:-c|--constraint)\b/.test(l)) {
      out.errors.push(
        issue('SIGMA_E_PACKAGE_SPEC_UNSUPPORTED', file, line, null, l, 'constraint files are not supported; pin the versions in requirements.txt'),
      );
      continue;
    }
    if (l.startsWith('-')) {
      if (!IGNORED_GLOBAL.test(l))
        out.errors.push(issue('SIGMA_E_PACKAGE_SPEC_UNSUPPORTED', file, line, null, l, `option ${l.split(/[= ]/)[0]} is not supported`));
      continue;
    }
    // Per-requirement options: only --hash.
    const parts = l.split(/\s+--/);
    const reqText = parts[0]!.trim();
    const hashes: string[] = [];
    let bad = false;
    for (const o of parts.slice(1)) {
      const h = /^hash[=\s]\s*((?:sha256|sha384|sha512):[0-9a-fA-F]+)$/.exec(o.trim());
      if (h) hashes.push(h[1]!.toLowerCase());
      else {
        out.errors.push(issue('SIGMA_E_PACKAGE_SPEC_UNSUPPORTED', file, line, null, l, `per-requirement option --${o.split(/[= ]/)[0]} is not supported`));
        bad = true;
      }
    }
    if (!bad) addRequirement(reqText, file, line, hashes, opts, out);
  }
}

/** Poetry's caret and tilde ranges in PEP 440 terms. */
function poetryToPep440(spec: string): string {
  const s = spec.trim();
  const m = /^([\^~])\s*(\d+(?:\.\d+)*)$/.exec(s);
  if (!m) return s.replace(/\s+/g, '');
  const parts = m[2]!.split('.').map(Number);
  let upper: number[];
  if (m[1] === '^') {
    const firstNonZero = parts.findIndex((p) => p !== 0);
    const idx = firstNonZero < 0 ? parts.length - 1 : firstNonZero;
    upper = [...parts.slice(0, idx), parts[idx]! + 1];
  } else upper = parts.length === 1 ? [parts[0]! + 1] : [parts[0]!, parts[1]! + 1];
  return `>=${m[2]},<${upper.join('.')}`;
}

export function parsePyproject(file: string, text: string, opts: PythonManifestOptions, out: Out): void {
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text) as Record<string, unknown>;
  } catch (err) {
    const line = (err as { line?: number }).line ?? 1;
    out.errors.push(issue('SIGMA_E_PACKAGE_MANIFEST_INVALID', file, line, null, null, `${file} is not valid TOML`));
    return;
  }
  const project = (doc.project ?? {}) as Record<string, unknown>;
  const tool = (doc.tool ?? {}) as Record<string, Record<string, unknown>>;
  const deps = project.dependencies;
  if (Array.isArray(deps)) {
    for (const d of deps) {
      if (typeof d !== 'string') continue;
      addRequirement(d, file, findLine(text, JSON.stringify(d).slice(1, -1)) ?? findLine(text, d), [], opts, out);
    }
  }
  const poetry = tool.poetry;
  if (poetry && typeof poetry === 'object') {
    const src = poetry.source;
    if (src !== undefined) {
      out.errors.push(
        issue(
          'SIGMA_E_PACKAGE_PRIVATE_REGISTRY',
          file,
          findLine(text, /^\s*\[\[?tool\.poetry\.source\]?\]/),
          null,
          null,
          'Poetry sources move installs away from PyPI',
        ),
      );
    }
    const table = (poetry.dependencies ?? {}) as Record<string, unknown>;
    const header = findLine(text, /^\s*\[tool\.poetry\.dependencies\]/) ?? 1;
    for (const [rawName, v] of Object.entries(table)) {
      if (rawName.toLowerCase() === 'python') continue;
      const line = findLine(text, new RegExp(`^\\s*["']?${rawName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*=`), header);
      let spec: string | null = null;
      let extras: string[] = [];
      if (typeof v === 'string') spec = v;
      else if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        const kind = o.git !== undefined ? 'git' : o.path !== undefined ? 'path' : o.url !== undefined ? 'url' : o.source !== undefined ? 'source' : null;
        if (kind) {
          const code =
            kind === 'git'
              ? 'SIGMA_E_PACKAGE_SPEC_VCS'
              : kind === 'path'
                ? 'SIGMA_E_PACKAGE_SPEC_PATH'
                : kind === 'url'
                  ? 'SIGMA_E_PACKAGE_SPEC_URL'
                  : 'SIGMA_E_PACKAGE_PRIVATE_REGISTRY';
          out.errors.push(issue(code, file, line, rawName, null, `${rawName} comes from a ${kind}, not PyPI`));
          continue;
        }
        if (o.optional === true) continue;
        spec = typeof o.version === 'string' ? o.version : null;
        extras = Array.isArray(o.extras) ? o.extras.filter((e): e is string => typeof e === 'string') : [];
      }
      if (spec === null || spec.trim() === '*') {
        out.errors.push(issue('SIGMA_E_PACKAGE_SPEC_UNPINNED', file, line, rawName, spec, `${rawName} has no version; pin it`));
        continue;
      }
      const pep = /^\d/.test(spec.trim()) ? `==${spec.trim()}` : poetryToPep440(spec);
      addRequirement(`${rawName}${extras.length ? `[${extras.join(',')}]` : ''}${pep}`, file, line, [], opts, out);
    }
  }
  const uv = tool.uv;
  if (uv && typeof uv === 'object' && (uv.index !== undefined || uv.sources !== undefined)) {
    out.errors.push(
      issue(
        'SIGMA_E_PACKAGE_PRIVATE_REGISTRY',
        file,
        findLine(text, /^\s*\[\[?tool\.uv\.(?:index|sources)/),
        null,
        null,
        'uv indexes or sources move installs away from PyPI',
      ),
    );
  }
  if (Array.isArray(project.dynamic) && project.dynamic.includes('dependencies') && !Array.isArray(deps)) {
    out.errors.push(
      issue(
        'SIGMA_E_PACKAGE_SPEC_UNSUPPORTED',
        file,
        findLine(text, /^\s*dynamic\s*=/),
        null,
        null,
        'dependencies are dynamic (computed by the build); list them in requirements.txt',
      ),
    );
  }
}

/** requirements.txt pins win: a pyproject entry with the same name is checked against the pin and dropped. */
export function mergePythonPins(fromReq: DependencySpec[], fromPyproject: DependencySpec[], errors: PackageSpecIssue[]): DependencySpec[] {
  const out = [...fromReq];
  for (const d of fromPyproject) {
    const pinned = fromReq.find((r) => r.name === d.name);
    if (!pinned) {
      out.push(d);
      continue;
    }
    if (pinned.version !== null && !pySatisfies(pinned.version, d.spec, true)) {
      errors.push(
        issue(
          'SIGMA_E_PACKAGE_LOCK_MISMATCH',
          pinned.source.file,
          pinned.source.line,
          d.name,
          pinned.spec,
          `${d.name}${pinned.spec} does not satisfy ${d.spec} in ${d.source.file}`,
        ),
      );
    }
  }
  return out;
}

export { RequirementError };
