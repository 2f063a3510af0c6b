/**
 * How much a flow matters. Decided by what moves (the source), where it goes (sink, host, whether
 * SKILL.md names the host), where it sits (headers vs body/URL) and whether it was encoded on the
 * way — never by what the code calls its functions or variables.
 *
 * The one lowered pattern is an API client's normal behaviour: a single environment variable read
 * by a fixed name, sent only in headers/auth, unencoded (or as HTTP Basic), to a host SKILL.md names.
 */
import type { FlowPosition, Severity } from '@sigma/core';
import { hostCovered, isLocalDestination } from './paths.js';
import type { RawEvent, RawFlow } from './record.js';

/** Operating-system variables that are configuration, not secrets. */
const OS_CONFIG =
  /^(?:HOME|USER|USERNAME|LOGNAME|PATH|PWD|OLDPWD|SHELL|LANG|LANGUAGE|LC_\w+|TERM|TMPDIR|TEMP|TMP|HOSTNAME|EDITOR|VISUAL|XDG_\w+|PYTHONPATH|NODE_ENV|DEBUG|CI|TZ|COLUMNS|LINES|NO_COLOR|FORCE_COLOR)$/;

export interface Rated {
  severity: Severity;
  explanation: string;
  hostDeclared: boolean | null;
}

const onlyHeaders = (p: Set<FlowPosition>): boolean => [...p].every((x) => x === 'headers');

export function rateFlow(src: RawEvent, sink: RawEvent, flow: RawFlow, declared: Set<string>, basicAuth: boolean): Rated {
  const host = flow.host ?? sink.host;
  const hostDeclared = sink.category === 'network' && host ? hostCovered(host, declared) : null;
  const what = describeSource(src);
  const where = host ? `${host} (${hostDeclared ? 'named in SKILL.md' : 'not named in SKILL.md'})` : 'a destination computed at run time';
  const enc = flow.enc ? ' after encoding it' : '';
  if (src.category === 'input') return rateInput(src, sink, flow);
  if (sink.category === 'network') return rateNetwork(src, flow, host, hostDeclared, what, where, enc, basicAuth);
  if (sink.category === 'eval') return { severity: 'MEDIUM', explanation: `${what} is evaluated as code`, hostDeclared: null };
  if (sink.category === 'file-write') {
    const outside = sink.location !== 'skill';
    const strong = src.category === 'credential' || src.category === 'clipboard' || src.category === 'home-file';
    return {
      severity: strong && outside ? 'MEDIUM' : 'LOW',
      explanation: `${what} is written to ${sink.path ?? 'a file'}${outside ? " outside the skill's folder" : ''}`,
      hostDeclared: null,
    };
  }
  if (sink.category === 'file-delete')
    return { severity: 'LOW', explanation: `${what} chooses what is deleted (${sink.path ?? 'a path'})`, hostDeclared: null };
  return { severity: 'LOW', explanation: `${what} is passed to a process (${sink.command ?? 'command'})`, hostDeclared: null };
}

/**
 * A value the caller passes in (a parameter of a function the skill exposes) reaching a sink is the
 * shape of an injection flaw only where the value becomes code: evaluated, written into a shell
 * command line, or into the text of a database query. Handing it to a request, a file or a process
 * argument is what tools are for.
 */
function rateInput(src: RawEvent, sink: RawEvent, flow: RawFlow): Rated {
  const what = `parameter ${src.name ?? '(unnamed)'} (from the caller)`;
  const out = (severity: Severity, explanation: string): Rated => ({ severity, explanation, hostDeclared: null });
  if (sink.category === 'eval') {
    if (/\bmodule\b/.test(sink.detail)) return out('MEDIUM', `${what} chooses which module is loaded`);
    return out('HIGH', `${what} is evaluated as code: whoever calls the function runs code of their choosing (code injection)`);
  }
  if (sink.category === 'query' && flow.positions.has('argument'))
    return out('HIGH', `${what} is written into the text of a database query (SQL injection); pass it as a bound parameter instead`);
  if (sink.category === 'process' && flow.positions.has('command') && sink.shell) {
    const program = sink.command && !sink.command.startsWith('…');
    return program
      ? out('HIGH', `${what} is written into a shell command line (\`${sink.command}\`): shell syntax in it runs as commands (command injection)`)
      : out('MEDIUM', `${what} is run as a whole shell command line: the function runs whatever its caller passes`);
  }
  const base = sink.category === 'file-read' && flow.positions.has('path') ? confinedBase(sink.path) : null;
  if (base)
    return out(
      // The skill's own folder holds its templates and data: weaker than a directory of the user's.
      base.startsWith('<skill>') ? 'MEDIUM' : 'HIGH',
      `${what} is joined to the directory ${base} and the file is opened: "../" in it reads any file the process can (path traversal)`,
    );
  return out('LOW', `${what} reaches ${sink.detail}`);
}

/** The constant directory a run-time path starts with (`/srv/docs/…`), when it names one. */
function confinedBase(path: string | null): string | null {
  if (!path || !path.includes('…')) return null;
  const base = path.slice(0, path.indexOf('…'));
  return /^(?:\/|~\/|<skill>\/)[^…]*\/$/.test(base) && base.length > 2 ? base : null;
}

function rateNetwork(
  src: RawEvent,
  flow: RawFlow,
  host: string | null,
  declared: boolean | null,
  what: string,
  where: string,
  enc: string,
  basicAuth: boolean,
): Rated {
  const local = host !== null && isLocalDestination(host);
  const out = (severity: Severity, why: string): Rated => ({ severity, explanation: `${what} is sent to ${where}${enc}: ${why}`, hostDeclared: declared });
  const strong =
    src.category === 'credential' ||
    src.category === 'home-file' ||
    src.category === 'clipboard' ||
    (src.category === 'env' && !OS_CONFIG.test(src.name ?? ''));
  if (src.category === 'env' && src.name && src.name !== '*' && !OS_CONFIG.test(src.name) && onlyHeaders(flow.positions) && (!flow.enc || basicAuth)) {
    if (host && declared && !local)
      return out('LOW', 'one credential in the request headers to the API the skill documents — the normal pattern for an API client');
    if (!host) return out('MEDIUM', 'one credential in the request headers; the destination is configurable, check where it can point');
    if (local) return out('MEDIUM', 'one credential in the request headers to a local address');
    return out(
      'MEDIUM',
      'one credential in the request headers to a host SKILL.md never names — the shape of an API client, but check that the host is the service the credential belongs to',
    );
  }
  if (local) return out(strong ? 'MEDIUM' : 'LOW', 'the destination is a local or private address');
  if (strong) {
    if (flow.enc) return out('CRITICAL', 'secret or personal data encoded before it leaves — the shape of exfiltration');
    if (host && !declared) return out('CRITICAL', 'secret or personal data sent to a destination SKILL.md never declares');
    return out('HIGH', 'secret or personal data leaves the machine, whatever the code calls it');
  }
  if (src.category === 'env') {
    if (flow.enc || (host && !declared)) return out('HIGH', 'configuration from the environment sent encoded or to an undeclared host');
    return out('MEDIUM', 'configuration from the environment leaves the machine');
  }
  // conversation, user-file
  if (flow.enc) return out('HIGH', 'user data encoded before it leaves');
  // File contents leaving for a host the skill never names is how exfiltration looks from outside.
  if (host && !declared) return out('HIGH', 'user data sent to a host SKILL.md never names');
  if (!host) return out('MEDIUM', 'user data sent to a destination computed at run time');
  return out('LOW', 'user data sent to the service the skill documents');
}

export function describeSource(e: RawEvent): string {
  switch (e.category) {
    case 'env':
      return e.name === '*' ? 'the whole environment' : e.name ? `environment variable ${e.name}` : 'an environment variable';
    case 'credential':
      if (e.api === '$readsecret' || e.api === 'getpass.getpass') return 'a secret the user typed at a prompt that does not echo';
      return `credential store ${e.path ?? ''}`.trim();
    case 'home-file':
      return `${e.path ?? 'a file'} from the user's home`;
    case 'clipboard':
      return 'the clipboard';
    case 'conversation':
      return 'conversation or agent context';
    default:
      return `the contents of ${e.path ?? 'a file chosen at run time'}`;
  }
}
