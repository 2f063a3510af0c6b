/**
 * The vocabulary the API catalogues speak: a call site, the emitter the interpreter provides, and the
 * shared effects (read a file, write a file, send over the network, run a command) that every
 * language's catalogue maps its APIs onto.
 */
import type { BehaviourCategory, BehaviourLang, FlowPosition } from '@sigma/core';
import { analyzeCommand, wordsOf } from './commands.js';
import type { Word } from './commands.js';
import type { Loc } from './ir.js';
import { bareHost, classifyPath, hostFromText, showPath } from './paths.js';
import type { EventMore, RawEvent } from './record.js';
import { encode, knownText, render, union } from './values.js';
import type { Val } from './values.js';

export interface Site {
  /** The resolved API (`requests.post`, `child_process.exec`, `cmd.curl`). */
  ref: string;
  args: Val[];
  kw: Map<string, Val>;
  /** The receiver of a method call (`s` in `s.send(x)`). */
  recv: Val | null;
  loc: Loc;
  isNew: boolean;
}

export interface Input {
  v: Val;
  pos: FlowPosition;
}

export interface Fx {
  lang: BehaviourLang;
  source(site: Site, category: BehaviourCategory, detail: string, more?: EventMore): Val;
  sink(site: Site, category: BehaviourCategory, detail: string, more: EventMore, inputs: Input[], dest?: Val | null): RawEvent;
  call(site: Site, category: BehaviourCategory, detail: string, more?: EventMore): RawEvent;
  /** Turns a whole-environment object used as data into a tainted value (one `env *` source). */
  data(v: Val, site: Site): Val;
  /** A module value by name (`__import__("os")`, `require("fs")`). */
  module(name: string): Val;
  /** Calls one of the skill's functions handed to an API as a callback, with the values the API passes. */
  callback(fn: Val | undefined, args: Val[], site: Site): void;
  /** A member of a value, as the interpreter resolves it (`getattr(o, "name")`). */
  member(o: Val, name: string | null, site: Site): Val;
  /** What the skill wrote to an exact path earlier (a staging file in /tmp), read back later. */
  written: Map<string, Val>;
  /** A file sink whose whole path is a parameter of the function being summarised: call sites name the file. */
  pathParam(ev: RawEvent, p: Val, verb: string): void;
}

/** A catalogue handler: returns the call's value, or undefined for the default (taints of the arguments). */
export type Handler = (site: Site, fx: Fx) => Val | undefined;

export function arg(site: Site, i: number, kw?: string): Val | undefined {
  return (kw !== undefined ? site.kw.get(kw) : undefined) ?? site.args[i];
}

/** A field of an options object (`fetch(url, {headers})`). */
export function opt(v: Val | undefined, key: string): Val | undefined {
  return v?.props?.get(key);
}

export function readFile(site: Site, fx: Fx, p: Val | undefined, api: string): Val {
  if (!p) return { t: [] };
  const text = knownText(p);
  const exact = p.s !== undefined;
  const cls = classifyPath(text, exact);
  const path = showPath(text, exact);
  const more: EventMore = { path, location: cls.location };
  let got: Val;
  if (cls.agentStore) got = fx.source(site, 'conversation', `reads the agent's conversation or context store ${path}`, more);
  else if (cls.location === 'credential') got = fx.source(site, 'credential', `reads credential store ${path}`, more);
  else if (cls.location === 'home') got = fx.source(site, 'home-file', `reads ${path} in the user's home`, more);
  else if (cls.location === 'system') got = fx.source(site, 'user-file', `reads system file ${path}`, more);
  else if (cls.location === 'unknown') got = fx.source(site, 'user-file', `reads a file whose path is chosen at run time (${path ?? 'computed'})`, more);
  else {
    fx.call(site, 'file-read', `reads ${path ?? 'a file'} (${cls.location === 'tmp' ? 'temporary directory' : "inside the skill's folder"})`, more);
    got = { t: [] };
  }
  // A file the skill wrote earlier carries what it wrote (`tar czf /tmp/x ~/.ssh; curl -F f=@/tmp/x …`).
  const staged = exact ? fx.written.get(p.s!) : undefined;
  if (staged) got = union([got, staged]);
  // A path built from values the code received: the flow shows who chooses which file is read.
  if (p.t.length > 0) fx.sink(site, 'file-read', `opens ${path ?? 'a path built at run time'} for reading`, more, [{ v: p, pos: 'path' }]);
  void api;
  return union([p, got]);
}

const WHERE: Record<string, string> = {
  skill: "inside the skill's folder",
  home: "in the user's home",
  credential: 'over a credential store',
  startup: 'into a startup file (runs on every login, schedule or agent start)',
  system: 'in a system location',
  tmp: 'in the temporary directory',
  unknown: 'at a path chosen at run time',
};

/** The detail of a file sink: `writes ~/.bashrc into a startup file (…)`. */
export function fileDetail(verb: string, path: string | null, location: string): string {
  return `${verb} ${path ?? 'a file'} ${WHERE[location] ?? WHERE.unknown}`;
}

export function writeFile(site: Site, fx: Fx, p: Val | undefined, data: Val[], verb = 'writes'): void {
  const text = p ? knownText(p) : undefined;
  const exact = p?.s !== undefined;
  const cls = classifyPath(text, exact);
  const path = showPath(text, exact);
  if (exact && data.some((d) => d.t.length > 0)) fx.written.set(p!.s!, union([fx.written.get(p!.s!) ?? { t: [] }, ...data]));
  const ev = fx.sink(
    site,
    'file-write',
    fileDetail(verb, path, cls.location),
    { path, location: cls.location },
    data.map((v) => ({ v, pos: 'argument' })),
  );
  if (p) fx.pathParam(ev, p, verb);
}

/** Removes a file or a tree (`rm -rf`, `shutil.rmtree`, `fs.rmSync`): the path is what matters. */
export function deleteFile(site: Site, fx: Fx, p: Val | undefined, recursive: boolean): void {
  const text = p ? knownText(p) : undefined;
  const exact = p?.s !== undefined;
  const cls = classifyPath(text, exact);
  const path = showPath(text, exact);
  const verb = recursive ? 'deletes the tree' : 'deletes';
  const ev = fx.sink(site, 'file-delete', fileDetail(verb, path, cls.location), { path, location: cls.location }, p ? [{ v: p, pos: 'path' }] : []);
  if (p) fx.pathParam(ev, p, verb);
}

/** An outbound send. `dest` gives the host (URL, or a bare host for sockets). */
export function netSend(
  site: Site,
  fx: Fx,
  what: string,
  dest: Val | null,
  headers: Array<Val | undefined>,
  body: Array<Val | undefined>,
  bare = false,
): RawEvent {
  const text = dest ? knownText(dest) : undefined;
  const host = dest ? (bare ? (dest.s !== undefined ? bareHost(dest.s) : null) : hostFromText(text, dest.s !== undefined)) : null;
  const inputs: Input[] = [];
  for (const h of headers) if (h) inputs.push({ v: h, pos: 'headers' });
  for (const b of body) if (b) inputs.push({ v: fx.data(b, site), pos: 'body' });
  return fx.sink(site, 'network', `${what}${host ? ` to ${host}` : dest ? ' to a destination computed at run time' : ''}`, { host }, inputs, dest);
}

/** Words of a command given as a string (shell) or an argument list. */
export function commandWords(cmd: Val): Word[] {
  if (cmd.props?.has('0')) {
    const out: Word[] = [];
    for (let i = 0; cmd.props.has(String(i)) && i < 256; i++) {
      const v = cmd.props.get(String(i))!;
      out.push({ text: render(v) ?? '…', vals: [v] });
    }
    return out;
  }
  return wordsOf(cmd);
}

/**
 * Runs a command line: a pipeline of simple commands where each one's output is the next one's input.
 * `processEvent` records the spawn itself (subprocess calls); shell scripts pass false.
 */
/** Process APIs that hand their command line to a shell. */
const SHELL_APIS =
  /^(?:os\.(?:system|popen)|subprocess\.(?:getoutput|getstatusoutput)|commands\.\w+|child_process\.(?:exec|execSync)|shelljs\.exec|zx\.\$|execa\.(?:execaCommand|execaCommandSync|command|commandSync))$/;

export function runCommand(site: Site, fx: Fx, words: Word[], stdin: Val | null, processEvent: boolean, depth = 0): Val {
  const text = words.map((w) => w.text).join(' ');
  if (processEvent) {
    const inputs: Input[] = words.flatMap((w) => w.vals.map((v) => ({ v, pos: 'command' as const })));
    if (stdin) inputs.push({ v: stdin, pos: 'stdin' });
    fx.sink(site, 'process', `runs \`${clip(text)}\``, { command: clip(text), shell: SHELL_APIS.test(site.ref) || site.kw.get('shell')?.b === true }, inputs);
  }
  let flowing: Val | null = stdin;
  let seg: Word[] = [];
  const segments: Array<{ words: Word[]; piped: boolean }> = [];
  for (const w of [...words, { text: ';', vals: [] }]) {
    if (w.text === '|' || w.text === ';' || w.text === '&') {
      if (seg.length) segments.push({ words: seg, piped: w.text === '|' });
      seg = [];
    } else seg.push(w);
  }
  let out: Val = { t: [] };
  for (const s of segments) {
    const fxs = analyzeCommand(s.words);
    let produced: Val = { t: [] };
    const sub: Site = { ...site, ref: `cmd.${fxs.program ?? '?'}` };
    if (fxs.produces === 'env') produced = fx.source(sub, 'env', `prints the whole environment (\`${clip(fxs.text)}\`)`, { name: '*' });
    if (fxs.produces === 'clipboard') produced = fx.source(sub, 'clipboard', `reads the clipboard (\`${clip(fxs.text)}\`)`);
    if (fxs.produces === 'keychain') produced = fx.source(sub, 'credential', `dumps keychain or secret keys (\`${clip(fxs.text)}\`)`);
    // `echo`/`printf` print their arguments: piped on, the values ride along.
    if (fxs.program === 'echo' || fxs.program === 'printf') produced = union([produced, ...s.words.slice(1).flatMap((w) => w.vals)]);
    const sentReads: Val[] = [];
    for (const r of fxs.reads) {
      const v = readFile(sub, fx, { t: [], ...(r.exact ? { s: r.path } : { pre: r.path }) }, sub.ref);
      if (r.sent) sentReads.push(v);
      else produced = union([produced, v]);
    }
    // `tar czf out.tgz a b`: what it read goes into the archive it writes.
    if (fxs.archive)
      writeFile(sub, fx, { t: [], ...(fxs.archive.includes('…') ? { pre: fxs.archive.replace(/….*$/, '') } : { s: fxs.archive }) }, [encode(produced)]);
    if (flowing && fxs.encodes) produced = union([produced, encode(flowing)]);
    else if (flowing && !fxs.network) produced = union([produced, flowing]);
    if (fxs.network) {
      const n = fxs.network;
      const inputs: Input[] = n.inputs.flatMap((ci) => ci.word.vals.map((v) => ({ v: fx.data(v, sub), pos: ci.pos })));
      for (const v of sentReads) inputs.push({ v, pos: 'body' });
      if (flowing && n.stdinSent) inputs.push({ v: flowing, pos: 'body' });
      fx.sink(
        sub,
        'network',
        `\`${fxs.program}\` sends${n.host ? ` to ${n.host}` : ' to a destination computed at run time'}`,
        { host: n.host, command: clip(fxs.text) },
        inputs,
      );
    }
    if (fxs.evals) {
      const code = fxs.evals;
      fx.sink(
        sub,
        'eval',
        `hands code to \`${fxs.program}\` as text`,
        { command: clip(fxs.text) },
        code.vals.map((v) => ({ v, pos: 'argument' as const })),
      );
      if (depth < 2 && !code.text.includes('…')) produced = union([produced, runCommand(sub, fx, wordsOf({ t: [], s: code.text }), flowing, false, depth + 1)]);
    }
    if (fxs.copies) {
      const data = [...(flowing ? [flowing] : []), ...s.words.slice(1).flatMap((w) => w.vals)];
      fx.sink(
        sub,
        'clipboard-write',
        `puts text on the clipboard (\`${clip(fxs.text)}\`)`,
        { command: clip(fxs.text) },
        data.map((v) => ({ v, pos: 'argument' as const })),
      );
    }
    for (const d of fxs.deletes)
      deleteFile(
        sub,
        fx,
        { t: d.word.vals.flatMap((v) => v.t), ...(d.word.text.includes('…') ? { pre: d.word.text.replace(/….*$/, '') } : { s: d.word.text }) },
        d.recursive,
      );
    for (const w of fxs.writes)
      writeFile(sub, fx, { t: [], ...(w.text.includes('…') ? { pre: w.text.replace(/….*$/, '') } : { s: w.text }) }, flowing ? [flowing] : []);
    flowing = s.piped ? produced : null;
    out = union([out, produced]);
  }
  return out;
}

/** A database query: the text of the query is the input (bound parameters are not). */
export function querySink(site: Site, fx: Fx, q: Val | undefined): Val {
  if (!q) return { t: [], ref: `${site.ref}()` };
  const known = q.s !== undefined && q.t.length === 0;
  fx.sink(site, 'query', known ? 'runs a constant database query' : 'runs a database query built at run time', {}, [{ v: q, pos: 'argument' }]);
  return { t: [], ref: `${site.ref}()` };
}

export function clip(s: string, n = 160): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
