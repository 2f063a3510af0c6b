/**
 * `tsx packages/evidence/scripts/corpus-manifest.ts [<corpus-dir>]`: refresh the `files` (path,
 * bytes, sha256) and `total_bytes` of every manifest entry from its sample folder, keeping every
 * other field and the order as written. Run after adding or editing a sample; the corpus test
 * fails when the manifest and the folders disagree.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface FileEntry {
  file: string;
  bytes: number;
  sha256: string;
}

/** Every regular file under a sample folder, `/`-separated and sorted. */
export function sampleFiles(dir: string): FileEntry[] {
  const out: FileEntry[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) {
        const bytes = readFileSync(p);
        out.push({ file: relative(dir, p).split(sep).join('/'), bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
      }
    }
  };
  walk(dir);
  return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

export function refreshManifest(corpus: string): number {
  const path = join(corpus, 'manifest.jsonl');
  const lines = readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim());
  const out = lines.map((l) => {
    const entry = JSON.parse(l) as Record<string, unknown> & { id: string };
    const files = sampleFiles(join(corpus, entry.id));
    return JSON.stringify({ ...entry, files, total_bytes: files.reduce((s, f) => s + f.bytes, 0) });
  });
  writeFileSync(path, `${out.join('\n')}\n`);
  return out.length;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dir = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'corpus');
  process.stdout.write(`${refreshManifest(dir)} entries refreshed in ${join(dir, 'manifest.jsonl')}\n`);
}
