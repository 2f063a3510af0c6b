/**
 * Go, Ruby and PowerShell APIs the model knows, keyed by the name the generic reader resolves
 * (`global.os.Getenv`, `global.Net.HTTP.post`, `global.invoke-restmethod`; PowerShell names are
 * lower-cased, `[System.IO.File]::X` is `global.IO.File.X`). Unknown calls keep the taints of
 * their arguments, as in the other catalogues.
 */
import { arg, commandWords, deleteFile, netSend, readFile, runCommand, writeFile } from './effects.js';
import type { Fx, Handler, Site } from './effects.js';
import { concat, str, union } from './values.js';
import type { Val } from './values.js';

/** Windows folders under the user's profile that scripts reach through the environment. */
const HOME_VARS: Record<string, string> = {
  HOME: '~',
  USERPROFILE: '~',
  APPDATA: '~/AppData/Roaming',
  LOCALAPPDATA: '~/AppData/Local',
  TEMP: '/tmp',
  TMP: '/tmp',
  TMPDIR: '/tmp',
};

function env(site: Site, fx: Fx): Val {
  const name = arg(site, 0);
  if (!name) return fx.source(site, 'env', 'reads the whole environment', { name: '*' });
  if (name.s !== undefined && HOME_VARS[name.s.toUpperCase()]) return str(HOME_VARS[name.s.toUpperCase()]!);
  return fx.source(site, 'env', `reads environment variable ${name.s ?? '(computed name)'}`, { name: name.s ?? null });
}

const join = (s: Site): Val => concat([...s.args, ...['path', 'childpath', 'additionalchildpath'].map((k) => s.kw.get(k)).filter((v): v is Val => !!v)], '/');
const first = (s: Site, ...kw: string[]): Val | undefined => kw.map((k) => s.kw.get(k)).find(Boolean) ?? s.args[0];
const passThrough: Handler = (s) => s.args[0] ?? { t: [] };
const home: Handler = () => str('~');

function send(what: string, urlAt: number, bodyFrom: number): Handler {
  return (s, fx) => {
    const body = [
      ...s.args.slice(bodyFrom),
      ...[...s.kw.entries()].filter(([k]) => !/^(?:uri|url|method|contenttype|timeoutsec|headers?)$/.test(k)).map(([, v]) => v),
    ];
    netSend(s, fx, what, arg(s, urlAt) ?? null, [s.kw.get('headers'), s.kw.get('header')], body);
    return { t: [] };
  };
}

function ps(s: Site, fx: Fx): Val {
  const url = first(s, 'uri', 'url');
  const body = [s.kw.get('body'), s.kw.get('infile') ? readFile(s, fx, s.kw.get('infile'), s.ref) : undefined, s.kw.get('inputobject')];
  const method = s.kw.get('method')?.s?.toUpperCase() ?? 'GET';
  netSend(s, fx, `HTTP ${method}`, url ?? null, [s.kw.get('headers')], body);
  return { t: [] };
}

function words(s: Site): Val {
  if (s.args.length <= 1) return s.args[0] ?? { t: [] };
  const props = new Map(s.args.map((v, i) => [String(i), v] as [string, Val]));
  return { ...union(s.args), props };
}

const run =
  (viaShell: boolean): Handler =>
  (s, fx) =>
    runCommand(s, fx, commandWords(viaShell ? (s.args[0] ?? { t: [] }) : words(s)), s.kw.get('inputobject') ?? null, true);

const evalSink: Handler = (s, fx) => {
  const code = first(s, 'command', 'inputobject');
  fx.sink(s, 'eval', 'runs text as code', {}, code ? [{ v: code, pos: 'argument' }] : []);
  return { t: code?.t ?? [] };
};

export const OTHER: Array<[RegExp, Handler]> = [
  // The environment, the home directory, paths.
  [/^global\.\$env$/, env],
  [/^global\.os\.(?:Getenv|LookupEnv)$/, env],
  [/^global\.os\.Environ$/, (s, fx) => fx.source(s, 'env', 'reads the whole environment', { name: '*' })],
  [/^global\.(?:os\.UserHomeDir|Dir\.home|Environment\.GetFolderPath)$/, home],
  [/^global\.(?:filepath|path)\.Join$|^global\.File\.join$|^global\.join-path$/, join],
  [/^global\.(?:File\.expand_path|URI|URI\.parse|Pathname|Pathname\.new|resolve-path|convert-path|URI\.join)$/, passThrough],
  // Files.
  [
    /^global\.(?:os\.ReadFile|ioutil\.ReadFile|os\.Open|File\.(?:read|binread|readlines|open|foreach)|IO\.(?:read|readlines|binread)|IO\.File\.ReadAll(?:Bytes|Text|Lines)|get-content|gc|cat|type|import-csv)$/,
    (s, fx) => readFile(s, fx, first(s, 'path', 'literalpath'), s.ref),
  ],
  [
    /^global\.(?:os\.WriteFile|ioutil\.WriteFile|File\.(?:write|binwrite)|IO\.File\.WriteAll(?:Bytes|Text|Lines)|IO\.File\.AppendAllText|set-content|add-content|out-file)$/,
    (s, fx) => {
      const p = first(s, 'path', 'filepath', 'literalpath');
      const data = [...(s.kw.has('path') || s.kw.has('filepath') ? s.args : s.args.slice(1)), s.kw.get('value'), s.kw.get('inputobject')].filter(
        (v): v is Val => !!v,
      );
      writeFile(s, fx, p, data);
      return { t: [] };
    },
  ],
  [
    /^global\.(?:copy-item|cp|copy)$/,
    (s, fx) => {
      const content = readFile(s, fx, first(s, 'path', 'literalpath'), s.ref);
      writeFile(s, fx, s.kw.get('destination') ?? s.args[1], [content], 'copies into');
      return { t: [] };
    },
  ],
  [
    /^global\.(?:os\.RemoveAll|os\.Remove|FileUtils\.(?:rm_rf|rm_r|rm|rm_f|remove_dir|remove_entry|remove_entry_secure|rmtree)|File\.(?:delete|unlink)|Dir\.(?:rmdir|delete)|remove-item|ri|del|erase|rd|rmdir)$/,
    (s, fx) => {
      const rec =
        /RemoveAll|rm_rf|rm_r|remove_dir|remove_entry|rmtree|rmdir|rd$/.test(s.ref) || s.kw.has('recurse') || s.args.some((a) => /^-recurse$/i.test(a.s ?? ''));
      deleteFile(s, fx, first(s, 'path', 'literalpath'), rec);
      return { t: [] };
    },
  ],
  [/^global\.get-clipboard$|^global\.Clipboard\.GetText$/, (s, fx) => fx.source(s, 'clipboard', 'reads the clipboard')],
  // Network.
  [/^global\.(?:invoke-restmethod|invoke-webrequest|irm|iwr|curl|wget)$/, ps],
  [/^global\.(?:http\.(?:DefaultClient\.)?|http\.Client\(\)\.)(?:Post|PostForm)$/, send('HTTP POST', 0, 1)],
  [/^global\.(?:http\.(?:DefaultClient\.)?|http\.Client\(\)\.)(?:Get|Head)$/, send('HTTP GET', 0, 1)],
  [/^global\.http\.NewRequest(?:WithContext)?$/, (s, fx) => send(`HTTP ${arg(s, 0)?.s ?? 'request'}`, 1, 2)(s, fx)],
  [/^global\.Net\.HTTP\.(?:post|post_form|put|patch)$/, send('HTTP POST', 0, 1)],
  [/^global\.Net\.HTTP\.(?:get|get_response|start)$/, send('HTTP GET', 0, 1)],
  [/^global\.(?:HTTParty|RestClient|Faraday|HTTP|Excon|Typhoeus)\.(?:post|put|patch|get|delete)$/, send('HTTP request', 0, 1)],
  [/^global\.(?:net\.Dial|net\.DialTimeout|TCPSocket\.new|TCPSocket\.open|Socket\.tcp)$/, send('opens a connection', 1, 99)],
  [/^global\.(?:WebClient\(\)|Net\.WebClient\.new\(\))\.Upload(?:String|Data|File|Values)$/, send('HTTP upload', 0, 1)],
  // Processes and evaluation.
  [/^global\.exec\.Command(?:Context)?$/, run(false)],
  [/^global\.(?:system|spawn|exec|Open3\.(?:capture[23e]?|popen[23]?)|IO\.popen|Process\.spawn|start-process)$/, (s, fx) => run(s.args.length <= 1)(s, fx)],
  [/^global\.\$backtick$/, run(true)],
  [/^global\.(?:eval|instance_eval|class_eval|invoke-expression|iex)$/, evalSink],
  // Encodings and conversions keep their input.
  [
    /^global\.(?:json\.Marshal|JSON\.generate|Convert\.ToBase64String|Base64\.(?:encode64|strict_encode64)|convertto-json|base64\.StdEncoding\.EncodeToString)$/,
    (s) => union(s.args.concat(s.kw.get('inputobject') ?? [])),
  ],
];
