/** What counts as a source of sensitive data, and as an outbound send, in code. */

/** Kinds of data a name can carry (its taint). */
export type Kind = 'env' | 'cred' | 'file' | 'net' | 'decode' | 'harvest';

/** Outbound sends (data leaves the machine). */
export const PY_SEND =
  /\brequests\.(?:post|put|patch)\s{0,2}\(|\brequests\.request\s{0,2}\(|\bhttpx\.(?:post|put|patch)\s{0,2}\(|\b(?:session|client|s|http|sess)\.(?:post|put|patch)\s{0,2}\(|\burlopen\s{0,2}\(|\.sendall?\s{0,2}\(|\bsmtplib\.SMTP|\.sendmail\s{0,2}\(/g;
export const JS_SEND =
  /(?<![\w.$])fetch\s{0,2}\(|\baxios\.(?:post|put|patch|request)\s{0,2}\(|\baxios\s{0,2}\(|\bhttps?\.request\s{0,2}\(|\.send\s{0,2}\(|\.write\s{0,2}\(/g;

export const NET_SOURCE =
  /\brequests\.\w{2,8}\s{0,2}\(|\burlopen\s{0,2}\(|\bhttpx\.|\burllib\b|(?<![\w.$])fetch\s{0,2}\(|\baxios\b|\bhttps?\.get\s{0,2}\(|\burlretrieve\b|\.recv\s{0,2}\(/;
export const DECODE_SOURCE =
  /\bb(?:64|32|16|85)decode\b|\ba85decode\b|\bfromhex\b|\bunhexlify\b|\bdecompress\s{0,2}\(|\bmarshal\.loads\b|\bcodecs\.decode\b|\brot_?13\b|(?<![\w.$])atob\s{0,2}\(|\bBuffer\.from\s{0,2}\([^)]{0,400}["'](?:base64|hex|base64url)["']|\bfromCharCode\b|\bunescape\s{0,2}\(/;
export const ENV_SOURCE = /\bos\.environ\b|\bgetenv\s{0,2}\(|\benviron\.get\b|\bprocess\.env\b|\bDeno\.env\b/;
export const FILE_SOURCE = /\.read\s{0,2}\(\s{0,2}\)|\.read_(?:text|bytes)\s{0,2}\(|\breadFileSync\s{0,2}\(|\breadFile\s{0,2}\(|\.readlines\s{0,2}\(/;

export const PY_HARVEST = /\bfor\s{1,3}\w{1,40}(?:\s{0,2},\s{0,2}\w{1,40})?\s{1,3}in\s{1,3}(?:os\.)?environ\b(?:\.(?:items|keys|values)\s{0,2}\(\s{0,2}\))?/g;
export const JS_HARVEST =
  /\bObject\.(?:entries|keys|values)\s{0,2}\(\s{0,2}process\.env\s{0,2}\)|\bJSON\.stringify\s{0,2}\(\s{0,2}process\.env\s{0,2}[,)]|\bfor\s{0,3}\(\s{0,3}(?:const|let|var)\s{1,3}\w{1,40}\s{1,3}in\s{1,3}process\.env\b/g;
const SECRET_WORD = /key|secret|token|passw|credential|auth|private|session|cookie|cred/i;

/**
 * True when an iteration over the environment (at `at`) filters variable names against
 * secret-looking words — in a literal, or through a list constant defined elsewhere in the file.
 * Copying the environment for a subprocess is not harvesting; dumping it all to JSON is.
 */
export function harvestAt(raw: string, code: string, at: number, matched: string): boolean {
  if (/JSON\.stringify/.test(matched)) return true;
  let end = at;
  for (let k = 0; k < 4 && end >= 0; k++) end = raw.indexOf('\n', end + 1);
  if (end < 0) end = raw.length;
  const windowCode = code.slice(at, end);
  if (
    !/\bif\b|\.filter\s{0,2}\(|startswith|endswith|startsWith|endsWith|\bmatch|\bsearch|\.test\s{0,2}\(|\.includes\s{0,2}\(|\bin\s{1,3}\w/.test(
      windowCode.slice(matched.length),
    )
  )
    return false;
  const windowRaw = raw.slice(at, end);
  for (const m of windowRaw.matchAll(/["'`/]([^"'`/\n]{1,80})["'`/]/g)) if (SECRET_WORD.test(m[1]!)) return true;
  for (const m of windowCode.slice(matched.length).matchAll(/\b([A-Za-z_][\w]{2,60})\b/g)) {
    const name = m[1]!;
    if (/^(?:if|in|for|and|or|not|any|all|key|value|upper|lower|items|environ|os|const|let|var|return)$/.test(name)) continue;
    const def = new RegExp(`\\b${name}\\s{0,2}(?::[^=\\n]{1,40})?=\\s{0,2}[[({]([^\\]\\n)}]{0,400})`).exec(raw);
    if (def && SECRET_WORD.test(def[1]!)) return true;
  }
  return false;
}

export function harvestIn(body: string, py: boolean): boolean {
  const re = new RegExp((py ? PY_HARVEST : JS_HARVEST).source, 'g');
  for (const m of body.matchAll(re)) if (harvestAt(body, body, m.index, m[0])) return true;
  return false;
}
