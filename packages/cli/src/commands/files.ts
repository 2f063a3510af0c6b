import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { CliError, EXIT } from '../config.js';

const SKIP_DIRS = new Set(['.git', 'node_modules', '.sigma', '__pycache__']);
const MAX_FILES = 50;

/** Collect the files to upload from a SKILL.md, an archive or a folder (symlinks are not followed). */
export function collectUpload(target: string): Array<{ path: string; contentBase64: string }> {
  let st;
  try {
    st = lstatSync(target);
  } catch {
    throw new CliError(`no such file or folder: ${target}`, EXIT.usage);
  }
  if (st.isFile()) {
    const name = basename(target);
    const path = /\.(zip|tar\.gz|tgz|tar)$/i.test(name) ? name : name.toLowerCase() === 'skill.md' ? 'SKILL.md' : name;
    return [{ path, contentBase64: readFileSync(target).toString('base64') }];
  }
  if (!st.isDirectory()) throw new CliError(`${target} is neither a file nor a folder`, EXIT.usage);
  const out: Array<{ path: string; contentBase64: string }> = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) walk(full);
      } else if (entry.isFile()) {
        if (out.length >= MAX_FILES) throw new CliError(`${target} has more than ${MAX_FILES} files; submit an archive or trim it`, EXIT.usage);
        out.push({ path: relative(target, full).split(sep).join('/'), contentBase64: readFileSync(full).toString('base64') });
      }
    }
  };
  walk(target);
  return out;
}
