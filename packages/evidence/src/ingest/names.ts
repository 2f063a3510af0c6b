import { HIDDEN_IN_IDENTIFIER } from '@sigma/core';

/**
 * File names a skill may not use. A skill is installed on Windows, macOS and Linux alike, so a
 * name that one of them reads differently is refused: two paths that are one file on
 * case-insensitive (and normalisation-insensitive) file systems, control characters, bidi and
 * other invisible code points (the shown name is not the real one), Windows device names (`CON`,
 * `NUL`, `COM1`… with any extension), characters Windows forbids, and segments ending in a dot or
 * a space (Windows drops them).
 */
export type FileNameReason = 'case-clash' | 'control-character' | 'invisible-character' | 'reserved-name' | 'reserved-character' | 'trailing-dot-or-space';

export interface FileNameProblem {
  reason: FileNameReason;
  detail: string;
}

const DEVICE = /^(?:CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³]|CONIN\$|CONOUT\$)$/i;
const WINDOWS_FORBIDDEN = /[<>:"|?*]/;

const codePoint = (c: string): string => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** The problem with one normalised relative path (`/`-separated), or null. */
export function fileNameProblem(path: string): FileNameProblem | null {
  const control = /\p{Cc}/u.exec(path);
  if (control) return { reason: 'control-character', detail: `contains the control character ${codePoint(control[0])}` };
  const hidden = HIDDEN_IN_IDENTIFIER.exec(path);
  if (hidden) return { reason: 'invisible-character', detail: `contains ${codePoint(hidden[0])}, a bidi, invisible or look-alike character` };
  for (const seg of path.split('/')) {
    const stem = seg.replace(/[ .]+$/, '').split('.')[0] ?? '';
    if (DEVICE.test(stem)) return { reason: 'reserved-name', detail: `${JSON.stringify(seg)} is a reserved device name on Windows` };
    const bad = WINDOWS_FORBIDDEN.exec(seg);
    if (bad)
      return { reason: 'reserved-character', detail: `${JSON.stringify(seg)} contains ${JSON.stringify(bad[0])}, which Windows does not allow in file names` };
    if (/[ .]$/.test(seg)) return { reason: 'trailing-dot-or-space', detail: `${JSON.stringify(seg)} ends in a dot or a space, which Windows drops` };
  }
  return null;
}

/** The key under which case-insensitive, normalisation-insensitive file systems store a path. */
export function foldPath(path: string): string {
  return path.normalize('NFC').toUpperCase().toLowerCase();
}

/**
 * Detects paths that collide with earlier ones on a case-insensitive file system: the same
 * folded path, or a file whose folded path is a folded directory of another path.
 */
export class CaseClashes {
  private readonly files = new Map<string, string>();
  private readonly dirs = new Map<string, string>();

  /** The earlier path this one collides with (null when none), and records it otherwise. */
  add(path: string): string | null {
    const f = foldPath(path);
    const prior = this.files.get(f) ?? this.dirs.get(f);
    if (prior !== undefined) return prior;
    const parts = f.split('/');
    const orig = path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      const asFile = this.files.get(dir);
      if (asFile !== undefined) return asFile;
    }
    this.files.set(f, path);
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (!this.dirs.has(dir)) this.dirs.set(dir, orig.slice(0, i).join('/'));
    }
    return null;
  }
}
