/**
 * JavaScript/TypeScript APIs the model knows, keyed by resolved name: modules by their package name
 * (`node:` stripped, `fs/promises` as `fs.promises`), globals as `global.<name>` (`window.fetch`,
 * `globalThis.fetch` are `global.fetch`), constructed objects with `()`.
 */
import { arg, commandWords, deleteFile, netSend, opt, querySink, readFile, runCommand, writeFile } from './effects.js';
import type { Fx, Handler, Site } from './effects.js';
import { dirname } from './catalog-python.js';
import { concat, eachText, encode, knownText, str, union } from './values.js';
import type { Val } from './values.js';

const list = (vals: Array<Val | undefined>): Val => ({ t: [], props: new Map(vals.filter((v): v is Val => !!v).map((v, i) => [String(i), v])) });

function fetchLike(s: Site, fx: Fx): Val {
  const target = arg(s, 0);
  const init = arg(s, 1);
  if (target?.obj?.api === 'request') {
    netSend(s, fx, 'HTTP request', target.obj.dest ?? null, [target.obj.headers, opt(init, 'headers')], [target.obj.body, opt(init, 'body')]);
  } else {
    const body = init?.props ? [opt(init, 'body')] : [init];
    netSend(s, fx, `HTTP ${opt(init, 'method')?.s ?? 'request'}`, target ?? null, [opt(init, 'headers')], body);
  }
  return { t: [] };
}

/** axios/got style: `(url, data?, config?)` by verb, or a single config object. */
function clientCall(s: Site, fx: Fx): Val {
  const verb = /\.(\w+)$/.exec(s.ref)?.[1] ?? 'request';
  const base = s.recv?.obj?.dest;
  const first = arg(s, 0);
  const cfg = first?.props && first.s === undefined ? first : undefined;
  let url = cfg ? opt(cfg, 'url') : first;
  const bodyVerb = /^(?:post|put|patch)$/.test(verb);
  const config = cfg ?? (bodyVerb && !s.ref.startsWith('got') ? arg(s, 2) : arg(s, 1));
  const data = cfg ? opt(cfg, 'data') : bodyVerb && !s.ref.startsWith('got') ? arg(s, 1) : undefined;
  const cfgBase = opt(config, 'baseURL') ?? opt(config, 'prefixUrl');
  const root = cfgBase ?? base;
  if (root && url && !/^[a-z]+:\/\//i.test(knownText(url) ?? '')) url = concat([root, url]);
  else url ??= root;
  const body = [data, opt(config, 'params'), opt(config, 'json'), opt(config, 'body'), opt(config, 'form'), opt(config, 'searchParams')];
  netSend(
    s,
    fx,
    `HTTP ${verb === 'request' || verb === 'default' ? 'request' : verb.toUpperCase()}`,
    url ?? null,
    [opt(config, 'headers'), opt(config, 'auth'), s.recv?.obj?.headers],
    body,
  );
  return { t: [] };
}

function nodeRequest(s: Site, fx: Fx): Val {
  const first = arg(s, 0);
  let dest: Val | undefined = first;
  let headers: Val | undefined;
  if (first?.props && first.s === undefined) {
    const host = opt(first, 'hostname') ?? opt(first, 'host');
    dest = host
      ? concat([str(`${opt(first, 'protocol')?.s ?? (s.ref.startsWith('https') ? 'https:' : 'http:')}//`), host, str('/'), opt(first, 'path') ?? str('')])
      : undefined;
    headers = opt(first, 'headers');
  } else headers = opt(arg(s, 1), 'headers');
  netSend(s, fx, 'HTTP request', dest ?? null, [headers], []);
  const cb = s.args.find((a) => a.fn);
  if (cb) fx.callback(cb, [{ t: [] }], s);
  return { t: [], ref: `${s.ref}()`, obj: { api: 'HTTP', dest: dest ?? { t: [] } } };
}

function connectTo(s: Site, fx: Fx, api: string, dest: Val | undefined, bare: boolean): Val {
  netSend(s, fx, `opens a ${api} connection`, dest ?? null, [], [], bare);
  return { t: [], ref: `${s.ref}()`, obj: { api, dest: dest ?? { t: [] }, bare } };
}

function spawnLike(s: Site, fx: Fx): Val {
  const cmd = arg(s, 0);
  const args = arg(s, 1);
  const opts = args?.props?.has('0') || !args?.props ? arg(s, 2) : args;
  const words = cmd?.props?.has('0') ? cmd : list([cmd, ...(args?.props?.has('0') ? [...args.props.values()] : [])]);
  const shell = opt(opts, 'shell');
  const viaShell = !!(shell?.b || shell?.s);
  const line = viaShell ? concat([...words.props!.values()], ' ') : words;
  const site: Site = viaShell ? { ...s, kw: new Map([...s.kw, ['shell', { t: [], b: true }]]) } : s;
  return runCommand(site, fx, commandWords(line), opt(opts, 'input') ?? null, true);
}

function shellString(s: Site, fx: Fx): Val {
  const out = union(eachText(arg(s, 0) ?? { t: [] }).map((c) => runCommand(s, fx, commandWords(c), opt(arg(s, 1), 'input') ?? null, true)));
  const cb = s.args.find((a) => a.fn);
  if (cb) fx.callback(cb, [{ t: [] }, out, { t: [] }], s);
  return out;
}

function evalSink(s: Site, fx: Fx, what: string, code: Array<Val | undefined>): Val {
  const known = code.every((c) => c?.s !== undefined);
  fx.sink(
    s,
    'eval',
    `${what} ${known ? 'a constant string' : 'code computed at run time'}`,
    {},
    code.filter((c): c is Val => !!c).map((v) => ({ v, pos: 'argument' })),
  );
  return { t: [] };
}

const envName = (s: Site): string | null => arg(s, 0)?.s ?? null;
const FS = '(?:fs|fs-extra|graceful-fs|fs\\.promises)';

export const JS: Array<[RegExp, Handler]> = [
  [
    /^(?:pg|postgres|mysql2?|better-sqlite3|sqlite3|sqlite|mssql|oracledb|knex)(?:\.\w+)?\(\)(?:\.(?:connect|getConnection|promise)\(\))?\.(?:query|execute|exec|prepare|raw|unsafe|run|all|get|each)$/,
    (s, fx) => querySink(s, fx, arg(s, 0)),
  ],
  [/^global\.Deno\.env\.get$/, (s, fx) => fx.source(s, 'env', `reads environment variable ${envName(s) ?? '(computed name)'}`, { name: envName(s) })],
  [/^global\.Deno\.env\.toObject$/, (s, fx) => fx.source(s, 'env', 'reads the whole environment', { name: '*' })],
  [/^global\.Object\.(?:entries|keys|values|assign|fromEntries)$|^global\.JSON\.stringify$/, (s, fx) => union(s.args.map((a) => fx.data(a, s)))],
  [/^dotenv\.config$/, (s, fx) => ({ t: [], props: new Map([['parsed', readFile(s, fx, opt(arg(s, 0), 'path') ?? str('.env'), s.ref)]]) })],
  [
    new RegExp(`^${FS}\\.(?:readFileSync|readFile|createReadStream|readdirSync|readdir|readJson|readJsonSync|openSync)$`),
    (s, fx) => {
      const content = readFile(s, fx, arg(s, 0), s.ref);
      const cb = s.args.slice(1).find((a) => a.fn);
      if (cb) fx.callback(cb, [{ t: [] }, content], s);
      return content;
    },
  ],
  [
    new RegExp(`^${FS}\\.(?:writeFileSync|writeFile|appendFileSync|appendFile|outputFile|outputFileSync|writeJson|writeJsonSync)$`),
    (s, fx) => (writeFile(s, fx, arg(s, 0), [arg(s, 1) ?? { t: [] }]), { t: [] }),
  ],
  [
    new RegExp(
      `^${FS}\\.(?:rmSync|rm|rmdirSync|rmdir|unlinkSync|unlink|remove|removeSync|emptyDir|emptyDirSync)$|^(?:rimraf|del|trash)(?:\\.(?:sync|rimraf|rimrafSync|deleteSync|deleteAsync))?$`,
    ),
    (s, fx) => {
      const rec = opt(arg(s, 1), 'recursive')?.b === true || /remove|emptyDir|rimraf|del|trash/.test(s.ref);
      for (const p of s.args[0]?.props?.has('0') ? [...s.args[0].props.values()] : [arg(s, 0)]) deleteFile(s, fx, p, rec);
      return { t: [] };
    },
  ],
  [new RegExp(`^${FS}\\.createWriteStream$`), (s) => ({ t: [], ref: 'fs.WriteStream()', obj: { api: 'file', path: arg(s, 0) ?? { t: [] }, write: true } })],
  [
    new RegExp(`^${FS}\\.(?:copyFileSync|copyFile|cpSync|cp|copy|copySync|renameSync|rename)$`),
    (s, fx) => (writeFile(s, fx, arg(s, 1), [readFile(s, fx, arg(s, 0), s.ref)], 'copies into'), { t: [] }),
  ],
  [/^global\.Bun\.file$/, (s, fx) => readFile(s, fx, arg(s, 0), s.ref)],
  [/^global\.Deno\.(?:readTextFile|readFile|readTextFileSync|readFileSync)$/, (s, fx) => readFile(s, fx, arg(s, 0), s.ref)],
  [
    /^global\.Deno\.(?:writeTextFile|writeFile|writeTextFileSync|writeFileSync)$|^global\.Bun\.write$/,
    (s, fx) => (writeFile(s, fx, arg(s, 0), [arg(s, 1) ?? { t: [] }]), { t: [] }),
  ],
  [/^os\.homedir$/, () => str('~')],
  [/^os\.tmpdir$/, () => str('/tmp')],
  [/^path\.(?:join|resolve|posix\.join|win32\.join)$/, (s) => concat(s.args, '/')],
  [/^path\.dirname$/, (s) => dirname(arg(s, 0))],
  [/^url\.fileURLToPath$/, (s) => arg(s, 0) ?? { t: [] }],
  [
    /^global\.URL$/,
    (s) => {
      const path = arg(s, 0);
      const base = arg(s, 1);
      const abs = /^[a-z]+:/i.test(path ? (knownText(path) ?? '') : '');
      return { ...(base && !abs ? concat([base, path ?? str('')]) : (path ?? { t: [] })), ref: 'global.URL()' };
    },
  ],
  [/^(?:global\.fetch|node-fetch|undici\.fetch|cross-fetch|isomorphic-fetch)$/, fetchLike],
  [
    /^global\.Request$/,
    (s) => ({
      t: [],
      obj: { api: 'request', dest: arg(s, 0) ?? { t: [] }, headers: opt(arg(s, 1), 'headers') ?? { t: [] }, body: opt(arg(s, 1), 'body') ?? { t: [] } },
    }),
  ],
  [/^undici\.request$/, fetchLike],
  [
    /^(?:axios|got|ky|redaxios)(?:\.default)?(?:\.(?:get|delete|head|options|post|put|patch|request))?$|^axios\.create\(\)\.(?:get|delete|head|options|post|put|patch|request)$/,
    clientCall,
  ],
  [
    /^axios\.create$|^got\.extend$/,
    (s) => {
      const c = arg(s, 0);
      return {
        t: [],
        ref: 'axios.create()',
        obj: { api: 'http-client', dest: opt(c, 'baseURL') ?? opt(c, 'prefixUrl') ?? { t: [] }, headers: opt(c, 'headers') ?? { t: [] } },
      };
    },
  ],
  [/^(?:http|https)\.(?:request|get)$/, nodeRequest],
  [/^global\.XMLHttpRequest$/, () => ({ t: [], ref: 'global.XMLHttpRequest()', obj: { api: 'XMLHttpRequest' } })],
  [
    /^global\.XMLHttpRequest\(\)\.open$/,
    (s) => {
      if (s.recv?.obj) s.recv.obj.dest = arg(s, 1) ?? { t: [] };
      return { t: [] };
    },
  ],
  [
    /^global\.XMLHttpRequest\(\)\.setRequestHeader$/,
    (s) => {
      if (s.recv?.obj) s.recv.obj.headers = union([s.recv.obj.headers ?? { t: [] }, ...s.args]);
      return { t: [] };
    },
  ],
  [/^global\.navigator\.sendBeacon$/, (s, fx) => (netSend(s, fx, 'sendBeacon', arg(s, 0) ?? null, [], [arg(s, 1)]), { t: [] })],
  [
    /^(?:global\.WebSocket|global\.EventSource|ws|ws\.WebSocket|isomorphic-ws|socket\.io-client|socket\.io-client\.io)$/,
    (s, fx) => connectTo(s, fx, 'WebSocket', arg(s, 0), false),
  ],
  [
    /^(?:net|tls)\.(?:connect|createConnection)$/,
    (s, fx) => {
      const a = arg(s, 0);
      const host = a?.props ? (opt(a, 'host') ?? opt(a, 'hostname')) : arg(s, 1);
      return connectTo(s, fx, 'TCP', host, true);
    },
  ],
  [/^dgram\.createSocket\(\)\.send$/, (s, fx) => (netSend(s, fx, 'sends a datagram', arg(s, 2) ?? null, [], [arg(s, 0)], true), { t: [] })],
  [
    /\.(?:send|write|end|emit)$/,
    (s, fx) => {
      const o = s.recv?.obj;
      if (!o || o.api === 'http-client') return undefined;
      if (o.api === 'file') return o.write ? (writeFile(s, fx, o.path, s.args), { t: [] }) : undefined;
      netSend(
        s,
        fx,
        `sends over a ${o.api} connection`,
        o.dest ?? null,
        [o.headers],
        s.args.filter((a) => !a.fn),
        o.bare ?? false,
      );
      return { t: [] };
    },
  ],
  [
    /\.pipe$/,
    (s, fx) => {
      const to = arg(s, 0)?.obj;
      if (!to || !s.recv) return undefined;
      if (to.api === 'file') writeFile(s, fx, to.path, [s.recv]);
      else netSend(s, fx, `streams into a ${to.api} connection`, to.dest ?? null, [], [s.recv], to.bare ?? false);
      return arg(s, 0);
    },
  ],
  [
    /^dns\.(?:promises\.)?(?:lookup|resolve\w*)$/,
    (s, fx) => {
      const name = arg(s, 0);
      fx.sink(s, 'network', 'DNS lookup', { host: name?.s ?? null }, name && name.s === undefined ? [{ v: name, pos: 'url' }] : []);
      return { t: [] };
    },
  ],
  [/^child_process\.(?:exec|execSync)$|^shelljs\.exec$|^zx\.\$$|^execa\.(?:execaCommand|execaCommandSync|command|commandSync)$/, shellString],
  [/^child_process\.(?:spawn|spawnSync|execFile|execFileSync)$|^execa(?:\.execa|\.execaSync)?$|^cross-spawn$/, spawnLike],
  [/^child_process\.fork$/, (s, fx) => runCommand(s, fx, commandWords(list([str('node'), arg(s, 0), ...(arg(s, 1)?.props?.values() ?? [])])), null, true)],
  [/^global\.Bun\.(?:spawn|spawnSync)$/, (s, fx) => runCommand(s, fx, commandWords(arg(s, 0) ?? { t: [] }), null, true)],
  [/^global\.Deno\.Command$/, (s, fx) => runCommand(s, fx, commandWords(list([arg(s, 0), ...(opt(arg(s, 1), 'args')?.props?.values() ?? [])])), null, true)],
  [/^global\.eval$/, (s, fx) => evalSink(s, fx, 'evaluates', [arg(s, 0)])],
  [/^global\.Function$/, (s, fx) => evalSink(s, fx, 'builds a function from', s.args)],
  [/^vm\.(?:runInNewContext|runInThisContext|runInContext|compileFunction|Script)$/, (s, fx) => evalSink(s, fx, 'runs', [arg(s, 0)])],
  [
    /^global\.(?:setTimeout|setInterval|setImmediate)$/,
    (s, fx) => {
      const f = arg(s, 0);
      if (f?.fn) return (fx.callback(f, [], s), { t: [] });
      return f && !f.fn && (f.s !== undefined || f.t.length) ? evalSink(s, fx, 'evaluates (timer)', [f]) : { t: [] };
    },
  ],
  [
    /^global\.navigator\.clipboard\.(?:readText|read)$|^clipboardy(?:\.default)?\.(?:read|readSync)$|^electron\.clipboard\.(?:readText|readHTML|read)$|^copy-paste\.paste$/,
    (s, fx) => fx.source(s, 'clipboard', 'reads the clipboard'),
  ],
  [/^global\.btoa$|^zlib\.\w+Sync$|^crypto\.(?:publicEncrypt|privateEncrypt)$|\.encrypt$/, (s) => encode(union([...s.args, s.recv ?? { t: [] }]))],
  [/\.toString$/, (s) => (s.recv && /^(?:base64|base64url|hex)$/.test(arg(s, 0)?.s ?? '') ? encode(s.recv) : undefined)],
  [
    /\.(?:then|catch|finally)$/,
    (s, fx) => {
      const cb = arg(s, 0);
      if (cb?.fn) fx.callback(cb, [s.recv ?? { t: [] }], s);
      return { t: s.recv?.t ?? [] };
    },
  ],
];
