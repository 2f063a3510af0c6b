import type { IntentDestination } from '@sigma/core';
import { lexicon } from '../lex.js';

/** Where data would go. All regexes are bounded and linear. */

const URL = /\b(?:https?|hxxps?|wss?|ftp):\/\/[^\s<>"'`)\]|]{1,200}/gi;
const EMAIL = /(?<![\w.+-])[\w.+-]{1,64}@[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){1,5}\b/gi;
const IP = /(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?(?![\w.])/g;
const HOST =
  /(?<![\w@./-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.){1,5}(?:com|net|org|io|xyz|ru|cn|top|site|dev|app|me|co|info|biz|sh|tk|ml|ga|cf|gq|pw|cc|su|onion|online|live|link|click|cloud|ai|us|uk|de|fr|in|to|ws)(?![\w-])(?:\/[^\s<>"'`)\]]{0,120})?/gi;

/** Services whose purpose is to receive or relay data. */
const COLLECTORS =
  /\b(?:webhook\.site|requestbin|pipedream|ngrok|trycloudflare|serveo|localtunnel|pastebin|paste\.ee|hastebin|ghostbin|transfer\.sh|file\.io|interact\.sh|oast\.|burpcollaborator|discord(?:app)?\.com\/api\/webhooks|api\.telegram\.org|hooks\.slack\.com)/i;

/** Hosts that are documentation, placeholders or schema namespaces, not destinations. */
const INERT_HOST = /(?:^|\.)(?:example\.(?:com|org|net)|localhost|w3\.org|schema\.org|json-schema\.org|purl\.org|xmlns\.com)$/i;

/** Destination words: a generic external receiver, named without an address. */
export const EXTERNAL = lexicon('external', {
  en: 'our server|my server|our servers|remote server|external server|external endpoint|external service|external url|external address|third party|third-party|this endpoint|this url|this address|the following url|the following address|the following endpoint|the following email|webhook|our api|my api|our endpoint|collection endpoint|analytics endpoint|backup server|telemetry endpoint|paste site|pastebin|discord|telegram|send me|email me|to me|my email|our email|attacker',
  es: 'nuestro servidor|mi servidor|servidor remoto|servidor externo|esta url|esta direccion|webhook',
  de: 'unseren server|unser server|meinen server|externen server|entfernten server|diese url|diese adresse|webhook',
  fr: 'notre serveur|mon serveur|serveur distant|serveur externe|cette url|cette adresse|webhook',
  pt: 'nosso servidor|meu servidor|servidor remoto|servidor externo|esta url|este endereco|webhook',
  it: 'nostro server|mio server|server remoto|server esterno|questo url|questo indirizzo|webhook',
  zh: '我们的服务器|我的服务器|远程服务器|外部服务器|这个地址|以下地址|网络钩子',
  ja: '当社のサーバー|私のサーバー|外部サーバー|リモートサーバー|このアドレス|次のアドレス|ウェブフック',
  ru: 'наш сервер|мой сервер|удаленный сервер|удалённый сервер|внешний сервер|этот адрес|вебхук',
});

/** Places that are published to other people: what is written there leaves the user's hands. */
export const PUBLISHED = lexicon('published', {
  en: 'pull request description|pull request body|pr description|pr body|merge request description|issue body|issue comment|public issue|commit message|release notes|public gist|public repo|public repository|wiki page|slack channel|public channel',
  es: 'descripcion del pull request|descripcion de la pr|mensaje del commit|mensaje de commit|comentario publico|gist publico|canal publico',
  de: 'pull-request-beschreibung|pr-beschreibung|beschreibung des pull requests|commit-nachricht|commit nachricht|offentlichen issue|offentliches gist|offentlichen kanal',
  fr: 'description de la pull request|description de la pr|description de la merge request|message de commit|ticket public|gist public|canal public',
  pt: 'descricao do pull request|descricao da pr|mensagem de commit|gist publico|canal publico',
  it: 'descrizione della pull request|descrizione della pr|messaggio di commit|gist pubblico|canale pubblico',
  zh: '拉取请求描述|pr描述|提交信息|公开的gist|公共频道',
  ja: 'プルリクエストの説明|prの説明|コミットメッセージ|公開gist|公開チャンネル',
  ru: 'описание пулл-реквеста|описание pr|сообщение коммита|публичный gist|публичный канал',
});

/** The user, the reply, or the local machine: not a leak. */
export const LOCAL = lexicon('local', {
  en: 'to the user|with the user|the user|in your reply|in your response|in the response|in the reply|in the chat|to stdout|to the terminal|to the console|to a local file|to a file|output folder|output directory|to disk|locally|on screen|to the screen|in the answer|back to you',
  es: 'al usuario|en tu respuesta|en la respuesta|localmente',
  de: 'an den benutzer|dem benutzer|in deiner antwort|in der antwort|lokal',
  fr: "a l'utilisateur|dans ta reponse|dans la reponse|localement",
  pt: 'ao usuario|na sua resposta|na resposta|localmente',
  it: "all'utente|nella risposta|localmente",
  zh: '给用户|用户|在回复中|在回答中|本地',
  ja: 'ユーザーに|返答|回答に|ローカル',
  ru: 'пользователю|в ответе|локально',
});

/** A tool's argument used as a side channel ("pass it as the `notes` parameter"). */
export const TOOL_ARGUMENT = lexicon('tool-argument', {
  en: 'parameter|argument|param|field|arg|sidenote|query string|metadata field',
  es: 'parametro|argumento|campo',
  de: 'parameter|argument|feld',
  fr: 'parametre|argument|champ',
  pt: 'parametro|argumento|campo',
  it: 'parametro|argomento|campo',
  zh: '参数|字段',
  ja: '引数|パラメータ|フィールド',
  ru: 'параметр*|аргумент*|поле',
});

function all(re: RegExp, s: string, max: number): string[] {
  re.lastIndex = 0;
  const out: string[] = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null && out.length < max) out.push(m[0]);
  return out;
}

function hostOf(url: string): string {
  const m = /^[a-z]{2,6}:\/\/([^/:?#\s]{1,253})/i.exec(url);
  return (m?.[1] ?? url).toLowerCase().replace(/[.,;:!?]+$/, '');
}

/** Addresses (URLs, e-mail addresses) blanked to spaces, so words inside them are not read as prose. */
export function blankAddresses(s: string): string {
  return s.replace(URL, (m) => ' '.repeat(m.length)).replace(EMAIL, (m) => ' '.repeat(m.length));
}

/** Addresses written in the text: URLs, e-mail addresses, IPs, bare host names. */
export function findAddresses(text: string): IntentDestination[] {
  const out: IntentDestination[] = [];
  const seen = new Set<string>();
  const push = (kind: IntentDestination['kind'], value: string, host: string): void => {
    const v = value.replace(/[.,;:!?]+$/, '');
    if (seen.has(v)) return;
    seen.add(v);
    out.push({ kind, value: v.slice(0, 200), external: !INERT_HOST.test(host) || COLLECTORS.test(v) });
  };
  for (const u of all(URL, text, 8)) push('url', u, hostOf(u));
  for (const e of all(EMAIL, text, 8)) push('email', e, e.slice(e.indexOf('@') + 1));
  for (const ip of all(IP, text, 8)) if (!/^(?:127\.|0\.|10\.|192\.168\.)/.test(ip) && !out.some((d) => d.value.includes(ip))) push('ip', ip, ip);
  for (const h of all(HOST, text, 8)) {
    if (out.some((d) => d.value.includes(h) || h.includes('@'))) continue;
    // File names are not hosts (`config.json`, `SKILL.md`).
    if (/\.(?:md|json|py|js|ts|sh|txt|yml|yaml|toml|env|cfg|ini|lock)$/i.test(h)) continue;
    push('host', h, h.split('/')[0]!.replace(/[.,;:!?]+$/, ''));
  }
  return out;
}

/** True when the address is a known data-collection or relay service. */
export function isCollector(value: string): boolean {
  return COLLECTORS.test(value);
}
