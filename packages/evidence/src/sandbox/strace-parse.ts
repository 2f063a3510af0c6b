/**
 * A parser for the lines `strace -f -qq -yy -xx --decode-pids=pidns` writes. With `-xx` every
 * string the traced code controls (paths, argv, buffers, fd paths) is printed as `\xNN` escapes,
 * so nothing the code does can forge a line, a quote or a bracket: the structure comes from
 * strace alone. Interleaved `<unfinished ...>` / `<... resumed>` halves are joined per pid.
 */

export interface SyscallLine {
  kind: 'syscall';
  /** Host pid (strace runs in the host pid namespace) of the thread that made the call. */
  pid: number;
  name: string;
  /** Top-level argument texts, exactly as strace printed them. */
  args: string[];
  /** The raw return value (`0`, `-1`, `3`, `?`, `0x7f…`). */
  ret: string;
  /** `ENOENT`, `EROFS`… when the call failed. */
  errno: string | null;
  /** Host pid from the "N in strace's PID NS" comment on the return value (clone results). */
  retHostPid: number | null;
  /** The fd path strace decoded on a returned fd (`3</tmp/x>`), when there is one. */
  retFdPath: Buffer | null;
}

export interface ExitLine {
  kind: 'exit';
  pid: number;
  code: number | null;
  signal: string | null;
}

export interface SignalLine {
  kind: 'signal';
  pid: number;
  signal: string;
}

export type TraceLine = SyscallLine | ExitLine | SignalLine;

const LINE = /^(\d+) +(.*)$/s; // strace pads short pids to a fixed width
const EXITED = /^\+\+\+ exited with (\d+) \+\+\+$/;
const KILLED = /^\+\+\+ killed by (SIG[A-Z0-9]+)(?: \(core dumped\))? \+\+\+$/;
const DELIVERED = /^--- (SIG[A-Z0-9]+) /;
const RESUMED = /^<\.\.\. ([a-z0-9_]+) resumed>(.*)$/s;
const UNFINISHED = ' <unfinished ...>';
const RET = /^\s*= (\S+)(?: (E[A-Z0-9]+)(?: \([^)]*\))?)?(.*)$/s;
const PIDNS_NOTE = /\/\* (\d+) in strace's PID NS \*\//;

/** Index of the `)` that closes the call's argument list (the text starts just after the opening parenthesis). */
function closingParen(s: string): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inString) {
      if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '/' && s[i + 1] === '*') {
      const end = s.indexOf('*/', i + 2);
      if (end < 0) return -1;
      i = end + 1;
    } else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) return c === ')' ? i : -1;
      depth--;
    }
  }
  return -1;
}

/** Splits an argument list at top-level commas (strings, comments and brackets respected). */
export function splitArgs(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let inString = false;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inString) {
      if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '/' && s[i + 1] === '*') {
      const end = s.indexOf('*/', i + 2);
      i = end < 0 ? s.length : end + 1;
    } else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      out.push(s.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = s.slice(start).trim();
  if (last || out.length > 0) out.push(last);
  return out;
}

/** Decodes `\xNN…` escapes (what `-xx` prints) to bytes; other characters pass through as latin1. */
export function unhex(s: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\' && s[i + 1] === 'x' && i + 3 < s.length + 1) {
      const v = Number.parseInt(s.slice(i + 2, i + 4), 16);
      if (!Number.isNaN(v)) {
        bytes.push(v);
        i += 3;
        continue;
      }
    }
    bytes.push(s.charCodeAt(i) & 0xff);
  }
  return Buffer.from(bytes);
}

/** The bytes of a quoted string argument (`"\x2f\x74"` or `"\x2f"...` when strace truncated it). */
export function stringArg(arg: string | undefined): { bytes: Buffer; truncated: boolean } | null {
  if (!arg) return null;
  const m = /^@?"([^"]*)"(\.\.\.)?$/.exec(arg.trim());
  if (!m) return null;
  return { bytes: unhex(m[1] ?? ''), truncated: m[2] !== undefined };
}

/** Every quoted string inside an argument, in order (argv arrays, iov_base buffers). */
export function stringsIn(arg: string): Buffer[] {
  const out: Buffer[] = [];
  const re = /"([^"]*)"/g;
  for (let m = re.exec(arg); m; m = re.exec(arg)) out.push(unhex(m[1] ?? ''));
  return out;
}

/**
 * What `-yy` printed in angle brackets after an fd: a path (hex, decoded to bytes) or a socket
 * description such as `TCP:[1.2.3.4:5->6.7.8.9:80]` (returned as text).
 */
export function fdNote(arg: string | undefined): { path: Buffer | null; socket: string | null } {
  if (!arg) return { path: null, socket: null };
  const open = arg.indexOf('<');
  const close = arg.lastIndexOf('>');
  if (open < 0 || close <= open) return { path: null, socket: null };
  const inner = arg.slice(open + 1, close);
  if (inner.startsWith('\\x') || inner === '') return { path: unhex(inner), socket: null };
  return { path: null, socket: inner };
}

function parseComplete(pid: number, text: string): SyscallLine | null {
  const open = text.indexOf('(');
  if (open <= 0) return null;
  const name = text.slice(0, open);
  if (!/^[a-z0-9_]+$/.test(name)) return null;
  const body = text.slice(open + 1);
  const close = closingParen(body);
  if (close < 0) return null;
  const m = RET.exec(body.slice(close + 1));
  if (!m) return null;
  const ret = m[1] ?? '?';
  const rest = m[3] ?? '';
  const note = PIDNS_NOTE.exec(rest);
  const retFd = /^(\d+)<(.*)>$/s.exec(ret);
  return {
    kind: 'syscall',
    pid,
    name,
    args: splitArgs(body.slice(0, close)),
    ret: retFd ? (retFd[1] ?? ret) : ret,
    errno: m[2] ?? null,
    retHostPid: note ? Number(note[1]) : null,
    retFdPath: retFd && (retFd[2] ?? '').startsWith('\\x') ? unhex(retFd[2] ?? '') : null,
  };
}

/** A stateful line parser: feed lines in file order, get complete events back. */
export class TraceParser {
  private readonly pending = new Map<number, string>();
  /** Lines that matched no known shape (kept as a count: a non-zero value means strace printed something unexpected). */
  unparsed = 0;

  line(raw: string): TraceLine | null {
    const m = LINE.exec(raw);
    if (!m) {
      if (raw.trim()) this.unparsed++;
      return null;
    }
    const pid = Number(m[1]);
    let rest = m[2] ?? '';
    if (rest.startsWith('+++ ')) {
      const ex = EXITED.exec(rest);
      if (ex) return { kind: 'exit', pid, code: Number(ex[1]), signal: null };
      const k = KILLED.exec(rest);
      if (k) return { kind: 'exit', pid, code: null, signal: k[1] ?? null };
      return null; // "+++ superseded by execve +++"
    }
    if (rest.startsWith('--- ')) {
      const d = DELIVERED.exec(rest);
      return d ? { kind: 'signal', pid, signal: d[1] ?? '' } : null;
    }
    const resumed = RESUMED.exec(rest);
    if (resumed) {
      const head = this.pending.get(pid);
      this.pending.delete(pid);
      if (head === undefined) return null;
      rest = head + (resumed[2] ?? '');
    }
    if (rest.endsWith(UNFINISHED)) {
      this.pending.set(pid, rest.slice(0, -UNFINISHED.length));
      return null;
    }
    const ev = parseComplete(pid, rest);
    if (!ev) this.unparsed++;
    return ev;
  }
}
