// `npm test` catches drift between contracts/*.sol and the checked-in generated/ (same check as `build.ts --check`).
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffGenerated } from '../scripts/build.js';
import { CONTRACT_NAMES, compileContracts, generatedDir, identifierFor, renderGenerated } from '../scripts/compile.js';
import * as pkg from '../src/index.js';

describe('contracts build', () => {
  const files = renderGenerated(compileContracts());

  it('generated/ is byte-identical to a fresh solc build', () => {
    expect(diffGenerated(files)).toEqual([]);
  });

  it('the check detects a changed, a missing and an extra file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sigma-gen-'));
    try {
      cpSync(generatedDir, dir, { recursive: true });
      writeFileSync(join(dir, 'SBYTE.ts'), '// tampered\n');
      rmSync(join(dir, 'TestUSDC.ts'));
      writeFileSync(join(dir, 'Stale.ts'), 'export {};\n');
      expect(diffGenerated(files, dir).sort()).toEqual(['SBYTE.ts (changed)', 'Stale.ts (not produced by the build)', 'TestUSDC.ts (missing)'].sort());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exports every contract ABI and bytecode from the package entry', () => {
    for (const name of CONTRACT_NAMES) {
      const id = identifierFor(name);
      const abi = (pkg as Record<string, unknown>)[`${id}Abi`];
      const bytecode = (pkg as Record<string, unknown>)[`${id}Bytecode`];
      expect(Array.isArray(abi), `${id}Abi`).toBe(true);
      expect(bytecode, `${id}Bytecode`).toMatch(/^0x[0-9a-f]{100,}$/);
    }
    // No metadata IPFS hash in the bytecode (settings.metadata.bytecodeHash = none): the CBOR tail only names solc.
    expect(pkg.certificateRegistryBytecode).not.toContain('6970667358'); // "ipfs" in CBOR
    expect(pkg.buildInfo.settings.evmVersion).toBe('cancun');
  });
});
