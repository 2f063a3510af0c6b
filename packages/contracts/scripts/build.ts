// Build the contracts: `tsx packages/contracts/scripts/build.ts` writes packages/contracts/generated/;
// `--check` rebuilds in memory and exits 1 if generated/ differs (CI and test/build.test.ts).
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compileContracts, generatedDir, renderGenerated } from './compile.js';

/** File names in generated/ that differ from a fresh build (missing, changed or extra). */
export function diffGenerated(expected: Map<string, string>, dir = generatedDir): string[] {
  const onDisk = existsSync(dir) ? readdirSync(dir).sort() : [];
  const diffs: string[] = [];
  for (const [name, content] of expected) {
    const path = join(dir, name);
    if (!existsSync(path)) diffs.push(`${name} (missing)`);
    else if (readFileSync(path, 'utf8') !== content) diffs.push(`${name} (changed)`);
  }
  for (const name of onDisk) if (!expected.has(name)) diffs.push(`${name} (not produced by the build)`);
  return diffs;
}

function main(): number {
  const check = process.argv.includes('--check');
  const started = Date.now();
  const result = compileContracts();
  if (result.warnings.length > 0) {
    console.error(`solc warnings (the build refuses warnings):\n${result.warnings.join('\n')}`);
    return 1;
  }
  const files = renderGenerated(result);
  if (check) {
    const diffs = diffGenerated(files);
    if (diffs.length > 0) {
      console.error(`packages/contracts/generated/ is out of date: ${diffs.join(', ')}\n` + 'Run: npx tsx packages/contracts/scripts/build.ts');
      return 1;
    }
    console.log(`generated/ is up to date (${files.size} files, ${Date.now() - started} ms)`);
    return 0;
  }
  mkdirSync(generatedDir, { recursive: true });
  for (const name of readdirSync(generatedDir)) if (!files.has(name)) rmSync(join(generatedDir, name));
  for (const [name, content] of files) writeFileSync(join(generatedDir, name), content);
  console.log(`wrote ${files.size} files to generated/ with solc ${result.solcVersion} in ${Date.now() - started} ms`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exit(main());
}
