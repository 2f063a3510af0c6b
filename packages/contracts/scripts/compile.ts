// Compile packages/contracts/contracts/*.sol with the npm `solc` (solc-js, offline) and render the typed
// TypeScript files that live in packages/contracts/generated/. Used by scripts/build.ts (write or --check)
// and by test/build.test.ts (drift check in `npm test`). Pure apart from reading sources: same inputs ⇒
// same bytes (metadata hash disabled, sorted inputs, stable JSON).
import { readFileSync, readdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import solc from 'solc';

export const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const contractsDir = join(packageDir, 'contracts');
export const generatedDir = join(packageDir, 'generated');

const require = createRequire(join(packageDir, 'package.json'));

/** The contracts we export, in deployment order. Every `contract` in contracts/*.sol must be listed. */
export const CONTRACT_NAMES = ['SBYTE', 'TestUSDC', 'SigmaTreasury', 'CertificateRegistry', 'AuditorRegistry', 'PluginMarketplace'] as const;
export type ContractName = (typeof CONTRACT_NAMES)[number];

export const SOLC_SETTINGS = {
  optimizer: { enabled: true, runs: 200 },
  evmVersion: 'cancun',
  // No IPFS/Swarm hash of the metadata in the bytecode: the output is byte-stable across machines and paths.
  metadata: { bytecodeHash: 'none' },
  outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
} as const;

interface SolcError {
  severity: 'error' | 'warning' | 'info';
  formattedMessage: string;
  sourceLocation?: { file: string };
}
interface SolcOutput {
  errors?: SolcError[];
  contracts?: Record<string, Record<string, { abi: unknown[]; evm: { bytecode: { object: string } } }>>;
}

export interface CompiledContract {
  name: ContractName;
  source: string;
  abi: unknown[];
  bytecode: `0x${string}`;
}

export interface CompileResult {
  solcVersion: string;
  sources: Record<string, string>; // source unit name → sha256 of its content (ours and imported)
  contracts: CompiledContract[];
  warnings: string[];
}

function resolveImport(path: string): { contents: string } | { error: string } {
  try {
    // Imports are package paths such as "@openzeppelin/contracts/token/ERC20/ERC20.sol".
    return { contents: readFileSync(require.resolve(path), 'utf8') };
  } catch (err) {
    return { error: `cannot resolve import ${path}: ${(err as Error).message}` };
  }
}

const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

export function compileContracts(): CompileResult {
  const files = readdirSync(contractsDir)
    .filter((f) => f.endsWith('.sol'))
    .sort();
  const sources: Record<string, { content: string }> = {};
  for (const f of files) sources[`contracts/${f}`] = { content: readFileSync(join(contractsDir, f), 'utf8') };

  const input = { language: 'Solidity', sources, settings: SOLC_SETTINGS };
  const seen: Record<string, string> = {};
  for (const [name, { content }] of Object.entries(sources)) seen[name] = sha256(content);
  const output = JSON.parse(
    solc.compile(JSON.stringify(input), {
      import: (path) => {
        const r = resolveImport(path);
        if ('contents' in r) seen[path] = sha256(r.contents);
        return r;
      },
    }),
  ) as SolcOutput;

  const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length > 0) throw new Error(`solc failed:\n${errors.map((e) => e.formattedMessage).join('\n')}`);
  // Warnings in our own sources fail the build too: they are cheap to fix and easy to miss later.
  const warnings = (output.errors ?? []).filter((e) => e.severity === 'warning').map((e) => e.formattedMessage);

  const contracts: CompiledContract[] = [];
  const found = new Set<string>();
  for (const [source, byName] of Object.entries(output.contracts ?? {})) {
    if (!source.startsWith('contracts/')) continue;
    for (const [name, c] of Object.entries(byName)) {
      found.add(name);
      if (!(CONTRACT_NAMES as readonly string[]).includes(name)) {
        throw new Error(`contract ${name} in ${source} is not listed in CONTRACT_NAMES (scripts/compile.ts)`);
      }
      if (c.evm.bytecode.object.length === 0) continue; // interfaces / abstract
      contracts.push({ name: name as ContractName, source, abi: c.abi, bytecode: `0x${c.evm.bytecode.object}` });
    }
  }
  for (const name of CONTRACT_NAMES) {
    if (!found.has(name)) throw new Error(`contract ${name} not found in contracts/*.sol`);
  }
  contracts.sort((a, b) => CONTRACT_NAMES.indexOf(a.name) - CONTRACT_NAMES.indexOf(b.name));

  const sortedSources: Record<string, string> = {};
  for (const k of Object.keys(seen).sort()) sortedSources[k] = seen[k]!;
  return { solcVersion: solc.version(), sources: sortedSources, contracts, warnings };
}

const lowerFirst = (s: string): string => (/^[A-Z]+$/.test(s) ? s.toLowerCase() : s[0]!.toLowerCase() + s.slice(1));

/** viem-friendly identifier prefix: SBYTE → sbyte, TestUSDC → testUsdc, CertificateRegistry → certificateRegistry. */
export function identifierFor(name: ContractName): string {
  return lowerFirst(name.replace(/USDC$/, 'Usdc'));
}

const HEADER = '// Generated by packages/contracts/scripts/build.ts from contracts/*.sol — do not edit.\n';

/** Render generated/ as a map of file name → content. */
export function renderGenerated(result: CompileResult): Map<string, string> {
  const out = new Map<string, string>();
  const index: string[] = [HEADER];
  for (const c of result.contracts) {
    const id = identifierFor(c.name);
    out.set(
      `${c.name}.ts`,
      `${HEADER}// Source: ${c.source}\n\n` +
        `export const ${id}Abi = ${JSON.stringify(c.abi, null, 2)} as const;\n\n` +
        `export const ${id}Bytecode = '${c.bytecode}' as const;\n`,
    );
    index.push(`export { ${id}Abi, ${id}Bytecode } from './${c.name}.js';`);
  }
  index.push('');
  index.push(
    `export const buildInfo = ${JSON.stringify(
      {
        compiler: `solc-js ${result.solcVersion}`,
        settings: { optimizer: SOLC_SETTINGS.optimizer, evmVersion: SOLC_SETTINGS.evmVersion, metadata: SOLC_SETTINGS.metadata },
        sources: result.sources,
      },
      null,
      2,
    )} as const;`,
  );
  out.set('index.ts', index.join('\n') + '\n');
  return out;
}
