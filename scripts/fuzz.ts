// `npm run fuzz -- <target> [args]`: runs the fuzz script of a package (packages/<target>/scripts/fuzz.ts).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [target, ...args] = process.argv.slice(2);
const file = target ? join(root, 'packages', target, 'scripts', 'fuzz.ts') : '';
if (!target || !existsSync(file)) {
  console.error('usage: npm run fuzz -- <package> [args]   (e.g. npm run fuzz -- evidence)');
  process.exit(2);
}
const mod = (await import(pathToFileURL(file).href)) as { run: (args: string[]) => Promise<number> };
process.exit(await mod.run(args));
