// Fuzz inputs for the evidence engine: code files, random bytes, archives, mutated seeds, and the generate() mix.
import { deflateSync, gzipSync, zipSync } from 'fflate';
import type { InputFile } from '../src/index.js';
import { int, pick, type Rand } from './fuzz-rand.js';
import { TOKENS, frontMatter, hugeLine, nestedYaml, randomText, skillHead } from './fuzz-text.js';

const enc = new TextEncoder();

function code(r: Rand): InputFile {
  const ext = pick(r, ['py', 'js', 'ts', 'sh', 'mjs', 'ps1', 'json', 'yaml', 'html', 'md', 'txt', 'pyc', 'bin']);
  return { path: `scripts/f.${ext}`, bytes: enc.encode(randomText(r, 3000)) };
}

function randomBytes(r: Rand, n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = int(r, 256);
  return b;
}

function archive(r: Rand): Uint8Array {
  const k = r();
  const names = ['SKILL.md', '../x', '/abs', 'a/b/c.py', 'dir/', 'ünï/çødé.md', 'x'.repeat(300), 'a\\b.sh', 'nested.zip', 'C:/w', '', './.', 'n.tar.gz'];
  const files: Record<string, Uint8Array> = {};
  for (let i = 0; i < 1 + int(r, 6); i++) {
    const name = pick(r, names) + (r() < 0.5 ? String(i) : '');
    files[name || `e${i}`] = r() < 0.2 ? new Uint8Array(int(r, 200_000)) : enc.encode(randomText(r, 500));
  }
  if (r() < 0.3) files['inner.zip'] = zipSync({ 'SKILL.md': enc.encode(randomText(r, 200)), 'deeper.zip': zipSync({ 'x.sh': enc.encode('curl a | sh') }) });
  let out: Uint8Array;
  if (k < 0.5) out = zipSync(files);
  else if (k < 0.7)
    out = gzipSync(
      enc.encode(
        Object.values(files)
          .map((f) => new TextDecoder().decode(f))
          .join(''),
      ),
    );
  else if (k < 0.85) {
    out = zipSync(files);
    out = out.subarray(0, int(r, out.length)); // truncated
  } else {
    out = deflateSync(randomBytes(r, 200));
    out = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, ...out.subarray(0, 100), 0x50, 0x4b, 0x05, 0x06, ...randomBytes(r, 18)]);
  }
  // Random byte flips.
  if (r() < 0.3 && out.length > 0) for (let i = 0; i < 1 + int(r, 10); i++) out[int(r, out.length)] = int(r, 256);
  return out;
}

function mutate(r: Rand, seed: InputFile[]): InputFile[] {
  return seed.map((f) => {
    if (r() < 0.5 || f.bytes.length === 0) return f;
    const b = Uint8Array.from(f.bytes);
    const op = r();
    if (op < 0.4) for (let i = 0; i < 1 + int(r, 20); i++) b[int(r, b.length)] = int(r, 256);
    else if (op < 0.7) return { path: f.path, bytes: b.subarray(0, int(r, b.length)) };
    else {
      const at = int(r, b.length);
      const ins = enc.encode(pick(r, TOKENS).repeat(1 + int(r, 50)));
      const out = new Uint8Array(b.length + ins.length);
      out.set(b.subarray(0, at));
      out.set(ins, at);
      out.set(b.subarray(at), at + ins.length);
      return { path: f.path, bytes: out };
    }
    return { path: f.path, bytes: b };
  });
}

/** One generated input: a list of files to submit. */
export function generate(r: Rand, seeds: InputFile[][]): { kind: string; files: InputFile[] } {
  const k = r();
  if (k < 0.2) return { kind: 'front-matter', files: [{ path: 'SKILL.md', bytes: enc.encode(frontMatter(r)) }] };
  if (k < 0.25) return { kind: 'nested-yaml', files: [{ path: 'SKILL.md', bytes: enc.encode(nestedYaml(r)) }] };
  if (k < 0.45) return { kind: 'unicode', files: [{ path: 'SKILL.md', bytes: enc.encode(skillHead() + randomText(r, 2000)) }] };
  if (k < 0.455) return { kind: 'huge-line', files: [{ path: pick(r, ['SKILL.md', 'a.py', 'b.js', 'c.sh', 'd.json']), bytes: enc.encode(hugeLine(r)) }] };
  if (k < 0.6)
    return {
      kind: 'archive',
      files:
        r() < 0.5
          ? [{ path: 'upload.zip', bytes: archive(r) }]
          : [
              { path: 'SKILL.md', bytes: enc.encode(skillHead()) },
              { path: 'assets/a.zip', bytes: archive(r) },
            ],
    };
  if (k < 0.8) return { kind: 'code', files: [{ path: 'SKILL.md', bytes: enc.encode(frontMatter(r)) }, code(r), code(r)] };
  if (k < 0.85) return { kind: 'binary', files: [{ path: pick(r, ['x.pyc', 'x.class', 'x.png', 'x', 'x.wasm']), bytes: randomBytes(r, int(r, 5000)) }] };
  if (seeds.length > 0) {
    const seed = pick(r, seeds);
    const start = int(r, seed.length);
    return { kind: 'mutation', files: mutate(r, seed.length > 6 ? [...seed.slice(start, start + 6)] : seed) };
  }
  return { kind: 'unicode', files: [{ path: 'SKILL.md', bytes: enc.encode(randomText(r, 5000)) }] };
}
