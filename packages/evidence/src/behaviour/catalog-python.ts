/**
 * Python APIs the model knows, keyed by resolved name (`import requests as rq; rq.post` is
 * `requests.post`; `requests.Session()` objects add `()`). Unknown calls propagate the taints of
 * their arguments and receiver, so `str(x)`, `x.strip()`, `json.dumps(x)` keep what `x` carries.
 */
import { arg, commandWords, deleteFile, netSend, querySink, readFile, runCommand, writeFile } from './effects.js';
import type { Fx, Handler, Site } from './effects.js';
import { bareHost } from './paths.js';
import { concat, eachText, encode, knownText, str, union } from './values.js';
import type { Val } from './values.js';

const HTTP_VERBS = 'get|post|put|patch|delete|head|options|request|stream|send';
const CLIENT = '(?:requests|httpx|aiohttp|urllib3)(?:\\.(?:Session|session|Client|AsyncClient|ClientSession|PoolManager)\\(\\))?';

function http(site: Site, fx: Fx): Val {
  const verb = site.ref.slice(site.ref.lastIndexOf('.') + 1);
  const twoArg = verb === 'request' || verb === 'stream' || site.ref.startsWith('urllib3');
  const urlAt = twoArg ? 1 : 0;
  let dest = arg(site, urlAt, 'url');
  const base = site.recv?.obj?.dest;
  if (base && dest) dest = concat([base, dest]);
  else dest ??= base;
  const used = new Set(['url', 'headers', 'auth', 'cookies', 'method', 'timeout', 'verify', 'allow_redirects', 'stream', 'cert', 'proxies']);
  const body: Array<Val | undefined> = site.args.slice(urlAt + 1);
  for (const [k, v] of site.kw) if (!used.has(k)) body.push(v);
  netSend(
    site,
    fx,
    `HTTP ${twoArg ? 'request' : verb.toUpperCase()}`,
    dest ?? null,
    [site.kw.get('headers'), site.kw.get('auth'), site.kw.get('cookies'), site.recv?.obj?.headers],
    body,
  );
  return { t: [] };
}

function openFile(site: Site, fx: Fx, p: Val | undefined, mode: Val | undefined): Val {
  const m = mode?.s ?? 'r';
  if (/[wax+]/.test(m)) return { t: p?.t ?? [], ref: 'builtins.open()', obj: { api: 'file', path: p ?? { t: [] }, write: true } };
  const content = readFile(site, fx, p, site.ref);
  return { ...content, ref: 'builtins.open()', obj: { api: 'file', path: p ?? { t: [] }, write: false } };
}

export function dirname(v: Val | undefined): Val {
  const t = v ? knownText(v) : undefined;
  if (t === undefined) return { t: v?.t ?? [] };
  const i = t.lastIndexOf('/');
  return { t: v!.t, s: i > 0 ? t.slice(0, i) : t.startsWith('<skill>') ? '<skill>' : '.' };
}

function connect(site: Site, fx: Fx, api: string, dest: Val | undefined, bare: boolean): Val {
  const cell = { api, dest: dest ?? { t: [] }, bare };
  netSend(site, fx, `opens a ${api} connection`, dest ?? null, [], [], bare);
  return { t: [], ref: site.ref + '()', obj: cell };
}

function sendOn(site: Site, fx: Fx, body: Array<Val | undefined>): Val {
  const o = site.recv?.obj;
  netSend(site, fx, `sends over a ${o?.api ?? 'network'} connection`, o?.dest ?? null, [o?.headers], body, o?.bare ?? false);
  return { t: [] };
}

function dns(site: Site, fx: Fx): Val {
  const name = arg(site, 0);
  let dest: Val | null = name ?? null;
  if (name && name.s === undefined && name.parts) {
    const tail = name.parts[name.parts.length - 1];
    const host = tail?.s ? bareHost(tail.s.replace(/^\./, '')) : null;
    if (host) dest = str(host);
  }
  netSend(site, fx, 'DNS lookup', dest, [], [], true);
  fx.sink(site, 'network', 'DNS lookup of a computed name (data can ride in the name)', { host: dest?.s ?? null }, name ? [{ v: name, pos: 'url' }] : [], null);
  return { t: [] };
}

function proc(site: Site, fx: Fx, cmd: Val | undefined, stdin?: Val): Val {
  if (!cmd) return { t: [] };
  return union(eachText(cmd).map((c) => runCommand(site, fx, commandWords(c), stdin ?? site.kw.get('input') ?? null, true)));
}

function evalSink(site: Site, fx: Fx, what: string): Val {
  const code = arg(site, 0);
  const known = code?.s !== undefined;
  fx.sink(site, 'eval', `${what} ${known ? 'a constant string' : 'code computed at run time'}`, {}, code ? [{ v: code, pos: 'argument' }] : []);
  return { t: code?.t ?? [] };
}

function dynImport(site: Site, fx: Fx): Val {
  const name = arg(site, 0);
  fx.sink(site, 'eval', `imports ${name?.s ? `module ${name.s}` : 'a module named at run time'} dynamically`, {}, name ? [{ v: name, pos: 'argument' }] : []);
  if (name?.s) return fx.module(name.s);
  fx.call(site, 'dynamic-call', 'imports a module whose name is computed; reachability is conservative');
  return { t: name?.t ?? [] };
}

const envName = (site: Site): string | null => arg(site, 0, 'key')?.s ?? null;

export const PYTHON: Array<[RegExp, Handler]> = [
  [
    /^os\.(?:getenv|getenvb|environ\.get|environ\.pop|environ\.setdefault|environ\.__getitem__|environb\.get)$/,
    (s, fx) => fx.source(s, 'env', `reads environment variable ${envName(s) ?? '(computed name)'}`, { name: envName(s) }),
  ],
  [/^os\.environ\.(?:copy|items|keys|values)$|^os\.environb\.(?:copy|items)$/, (s, fx) => fx.source(s, 'env', 'reads the whole environment', { name: '*' })],
  [/^dotenv\.(?:load_dotenv|dotenv_values|find_dotenv)$/, (s, fx) => readFile(s, fx, arg(s, 0, 'dotenv_path') ?? str('.env'), s.ref)],
  [/^(?:builtins|io|codecs)\.open$/, (s, fx) => openFile(s, fx, arg(s, 0, 'file'), arg(s, 1, 'mode'))],
  [/^pathlib\.(?:Path|PurePath|PosixPath|WindowsPath)$/, (s) => ({ ...concat(s.args, '/'), ref: 'pathlib.Path()' })],
  [/^pathlib\.Path\.home$/, () => ({ t: [], s: '~', ref: 'pathlib.Path()' })],
  [/^pathlib\.Path\.cwd$|^os\.getcwd$/, () => ({ t: [], ref: 'pathlib.Path()' })],
  [/^pathlib\.Path\(\)\.(?:expanduser|resolve|absolute)$/, (s) => s.recv ?? { t: [] }],
  [/^pathlib\.Path\(\)\.joinpath$/, (s) => ({ ...concat([s.recv ?? { t: [] }, ...s.args], '/'), ref: 'pathlib.Path()' })],
  [/^pathlib\.Path\(\)\.(?:read_text|read_bytes)$/, (s, fx) => readFile(s, fx, s.recv ?? undefined, s.ref)],
  [/^pathlib\.Path\(\)\.open$/, (s, fx) => openFile(s, fx, s.recv ?? undefined, arg(s, 0, 'mode'))],
  [/^shutil\.rmtree$|^os\.removedirs$/, (s, fx) => (deleteFile(s, fx, arg(s, 0, 'path'), true), { t: [] })],
  [/^os\.(?:remove|unlink|rmdir)$|^send2trash\.send2trash$/, (s, fx) => (deleteFile(s, fx, arg(s, 0, 'path'), false), { t: [] })],
  [/^pathlib\.Path\(\)\.(?:unlink|rmdir)$/, (s, fx) => (deleteFile(s, fx, s.recv ?? undefined, false), { t: [] })],
  [/^pathlib\.Path\(\)\.(?:write_text|write_bytes)$/, (s, fx) => (writeFile(s, fx, s.recv ?? undefined, s.args), { t: [] })],
  [/^os\.path\.(?:expanduser|expandvars|abspath|realpath|normpath)$/, (s) => arg(s, 0) ?? { t: [] }],
  [/^os\.path\.join$/, (s) => concat(s.args, '/')],
  [/^os\.path\.dirname$/, (s) => dirname(arg(s, 0))],
  [/^tempfile\.gettempdir$/, () => str('/tmp')],
  [/\.(?:write|writelines)$/, (s, fx) => (s.recv?.obj?.api === 'file' ? (writeFile(s, fx, s.recv.obj.path, s.args), { t: [] }) : undefined)],
  [
    /^(?:json|pickle|yaml|toml|marshal)\.(?:dump|safe_dump)$/,
    (s, fx) => {
      const f = arg(s, 1);
      if (f?.obj?.api === 'file' && f.obj.write) writeFile(s, fx, f.obj.path, [arg(s, 0) ?? { t: [] }]);
      return { t: [] };
    },
  ],
  [
    /^shutil\.(?:copy|copy2|copyfile|copytree|move)$/,
    (s, fx) => {
      const data = readFile(s, fx, arg(s, 0, 'src'), s.ref);
      writeFile(s, fx, arg(s, 1, 'dst'), [data], 'copies into');
      return { t: [] };
    },
  ],
  [/^shutil\.make_archive$/, (s, fx) => readFile(s, fx, arg(s, 2, 'root_dir'), s.ref)],
  [/^sqlite3\.connect$/, (s, fx) => ({ ...readFile(s, fx, arg(s, 0, 'database'), s.ref), ref: 'sqlite3.connect()' })],
  [/^(?:os\.(?:listdir|scandir|walk)|glob\.i?glob)$/, (s, fx) => readFile(s, fx, arg(s, 0, 'pathname') ?? arg(s, 0, 'top'), s.ref)],
  [new RegExp(`^${CLIENT}\\.(?:${HTTP_VERBS})$`), http],
  [
    /^(?:requests|httpx)\.(?:Session|session|Client|AsyncClient)$|^aiohttp\.ClientSession$|^urllib3\.PoolManager$/,
    (s) => ({
      t: [],
      ref: `${s.ref}()`,
      obj: { api: 'http-client', dest: s.kw.get('base_url') ?? { t: [] }, headers: s.kw.get('headers') ?? { t: [] } },
    }),
  ],
  [
    /^urllib\.request\.Request$/,
    (s) => ({
      t: [],
      ref: 'urllib.request.Request()',
      obj: { api: 'request', dest: arg(s, 0, 'url') ?? { t: [] }, body: arg(s, 1, 'data') ?? { t: [] }, headers: arg(s, 2, 'headers') ?? { t: [] } },
    }),
  ],
  [
    /^urllib\.request\.urlopen$/,
    (s, fx) => {
      const r = arg(s, 0, 'url');
      if (r?.obj?.api === 'request') netSend(s, fx, 'HTTP request', r.obj.dest ?? null, [r.obj.headers], [r.obj.body, arg(s, 1, 'data')]);
      else netSend(s, fx, 'HTTP request', r ?? null, [], [arg(s, 1, 'data')]);
      return { t: [] };
    },
  ],
  [/^http\.client\.(?:HTTPConnection|HTTPSConnection)$/, (s, fx) => connect(s, fx, 'HTTP', arg(s, 0, 'host'), true)],
  [
    /^http\.client\.HTTPS?Connection\(\)\.(?:request|putrequest)$/,
    (s, fx) => {
      const o = s.recv?.obj;
      netSend(s, fx, 'HTTP request', o?.dest ?? null, [arg(s, 3, 'headers')], [arg(s, 1, 'url'), arg(s, 2, 'body')], true);
      return { t: [] };
    },
  ],
  [/^socket\.socket$/, () => ({ t: [], ref: 'socket.socket()', obj: { api: 'socket', bare: true } })],
  [
    /^socket\.socket\(\)\.(?:connect|connect_ex)$/,
    (s, fx) => {
      const addr = arg(s, 0);
      const host = addr?.props?.get('0') ?? addr;
      if (s.recv?.obj && host) s.recv.obj.dest = host;
      netSend(s, fx, 'opens a socket connection', host ?? null, [], [], true);
      return { t: [] };
    },
  ],
  [/^socket\.create_connection$/, (s, fx) => connect(s, fx, 'socket', arg(s, 0)?.props?.get('0'), true)],
  [/^socket\.socket\(\)\.sendto$/, (s, fx) => (netSend(s, fx, 'sends a datagram', arg(s, 1)?.props?.get('0') ?? null, [], [arg(s, 0)], true), { t: [] })],
  [
    /^(?:smtplib\.SMTP(?:_SSL)?|ftplib\.FTP(?:_TLS)?|telnetlib\.Telnet|paramiko\.SSHClient\(\)\.connect)$/,
    (s, fx) => connect(s, fx, s.ref.split('.')[0]!, arg(s, 0, 'host') ?? arg(s, 0, 'hostname'), true),
  ],
  [
    /^(?:websocket\.create_connection|websockets\.connect|websockets\.client\.connect)$/,
    (s, fx) => connect(s, fx, 'WebSocket', arg(s, 0, 'uri') ?? arg(s, 0, 'url'), false),
  ],
  [
    /\.(?:send|sendall|write|sendmail|send_message|storbinary|storlines|recv)$/,
    (s, fx) => (s.recv?.obj && s.recv.obj.api !== 'file' && s.recv.obj.api !== 'http-client' ? sendOn(s, fx, s.args) : undefined),
  ],
  [/^socket\.(?:gethostbyname|gethostbyname_ex|getaddrinfo)$|^dns\.resolver\.(?:resolve|query)$|^dns\.resolver\.Resolver\(\)\.(?:resolve|query)$/, dns],
  [/^subprocess\.(?:run|call|check_call|check_output|Popen|getoutput|getstatusoutput)$/, (s, fx) => proc(s, fx, arg(s, 0, 'args'))],
  [
    /^os\.(?:system|popen)$|^commands\.getoutput$|^asyncio\.create_subprocess_shell$|^pty\.spawn$/,
    (s, fx) => proc(s, fx, arg(s, 0, 'cmd') ?? arg(s, 0, 'command')),
  ],
  [
    /^os\.(?:exec|spawn)\w*$|^os\.posix_spawnp?$/,
    (s, fx) => proc(s, fx, s.args[1]?.props?.has('0') ? s.args[1] : { t: [], props: new Map(s.args.slice(1).map((v, i) => [String(i), v])) }),
  ],
  [/^asyncio\.create_subprocess_exec$/, (s, fx) => proc(s, fx, { t: [], props: new Map(s.args.map((v, i) => [String(i), v])) })],
  [
    /^(?:sqlite3|psycopg2?|pymysql|MySQLdb|mysql\.connector|pyodbc|duckdb|aiosqlite|asyncpg|oracledb|cx_Oracle)\.connect\(\)(?:\.cursor\(\))?\.(?:execute|executemany|executescript|fetch|fetchrow|fetchval)$/,
    (s, fx) => querySink(s, fx, arg(s, 0, 'sql') ?? arg(s, 0, 'query')),
  ],
  [/^sqlalchemy\.(?:sql\.)?text$|^pandas\.read_sql(?:_query)?$/, (s, fx) => querySink(s, fx, arg(s, 0, 'sql'))],
  [/^getpass\.getpass$/, (s, fx) => fx.source(s, 'credential', 'reads a password typed at a prompt that does not echo (getpass)')],
  [/^builtins\.(?:eval|exec|compile|execfile)$/, (s, fx) => evalSink(s, fx, 'evaluates')],
  [/^runpy\.(?:run_path|run_module)$/, (s, fx) => evalSink(s, fx, 'runs')],
  [/^builtins\.__import__$|^importlib\.import_module$/, dynImport],
  [
    /^builtins\.getattr$/,
    (s, fx) => {
      const name = arg(s, 1);
      if (name?.s === undefined) fx.call(s, 'dynamic-call', 'looks up an attribute whose name is computed; reachability is conservative');
      return fx.member(arg(s, 0) ?? { t: [] }, name?.s ?? null, s);
    },
  ],
  [/^builtins\.(?:globals|locals|vars)$/, (s) => ({ t: [], ref: `${s.ref}()` })],
  [
    /^pyperclip\.paste$|^clipboard\.paste$|\.clipboard_get$|^win32clipboard\.GetClipboardData$|^pandas\.read_clipboard$|\.clipboard\(\)\.text$/,
    (s, fx) => fx.source(s, 'clipboard', 'reads the clipboard'),
  ],
  [
    /^base64\.\w*encode\w*$|^binascii\.(?:hexlify|b2a_\w+)$|^codecs\.encode$|^(?:zlib|gzip|bz2|lzma)\.compress$|^marshal\.dumps$|\.encrypt$/,
    (s) => encode(union([...s.args, s.recv ?? { t: [] }])),
  ],
  [/\.hex$/, (s) => (s.recv && s.recv.t.length ? encode(s.recv) : undefined)],
];

/** Attribute reads with a meaning of their own (not calls). */
export const PYTHON_MEMBERS: Array<[RegExp, (o: Val) => Val]> = [
  [/^pathlib\.Path\(\)\.parent$/, (o) => ({ ...dirname(o), ref: 'pathlib.Path()' })],
  [/^pathlib\.Path\(\)\.(?:name|stem|suffix)$/, (o) => ({ t: o.t })],
];
