import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CLI_BIN, DEV_KEY, freshPgDatabase, runCli, startServer, tempDataDir, waitUntil, type ServerProcess } from './helpers.js';

const SKILL = `---
name: csv-summary
version: 1.1.0
description: Summarises a CSV table the user pastes into the chat.
---

# CSV summary

Read the table the user pasted. Report the number of rows, the columns, and for each numeric column
its minimum, maximum and mean. Do not guess missing values.
`;

let server: ServerProcess;
let pgDb: Awaited<ReturnType<typeof freshPgDatabase>> = null;
let dir = '';
let certificateId = '';
beforeAll(async () => {
  pgDb = await freshPgDatabase();
  const dataDir = tempDataDir();
  dir = join(dataDir, '..', 'skill');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'SKILL.md'), SKILL);
  server = await startServer('all', {
    SIGMA_DATA_DIR: dataDir,
    SIGMA_SEED_DEV_API_KEY: DEV_KEY,
    SIGMA_CHAIN: 'local',
    ...(pgDb ? { DATABASE_URL: pgDb.url } : {}),
  });
});
afterAll(async () => {
  await server?.stop();
  await pgDb?.drop();
});

describe('sigma CLI against a real server process', () => {
  it('submits a skill, watches it to APPROVED, and verifies the certificate locally', async () => {
    const env = { SIGMA_API_URL: server.url, SIGMA_API_KEY: DEV_KEY };
    const sub = await runCli(['submit', dir, '--notes', 'Reads only what the user pastes.', '--json'], env);
    expect(sub.code, sub.stderr).toBe(0);
    const { submissionId } = JSON.parse(sub.stdout) as { submissionId: string };
    expect(submissionId).toMatch(/^[0-9a-f]{24}$/);

    const watch = await runCli(['status', submissionId, '--watch', '--json', '--timeout', '120'], env);
    expect(watch.code, watch.stdout + watch.stderr).toBe(0);
    const final = JSON.parse(watch.stdout.trim().split('\n').pop()!) as { status: string; certificateId: string };
    expect(final.status).toBe('APPROVED');
    certificateId = final.certificateId;

    const cert = await runCli(['certificate', final.certificateId, '--verify', '--file', join(dir, 'SKILL.md')], env);
    expect(cert.code, cert.stdout + cert.stderr).toBe(0);
    expect(cert.stdout).toMatch(/VERIFIED/);
    expect(cert.stdout).toMatch(/payloadHash/);
    expect(cert.stdout).toMatch(/skillHash/);

    // The on-chain commitment, checked straight on the chain (the RPC of the local dev chain).
    const chainInfo = (await (await fetch(`${server.url}/api/v1/public/chain`)).json()) as { rpcUrl: string; contracts: { certificateRegistry: string } };
    await waitUntil(async () => {
      const v = (await (await fetch(`${server.url}/api/v1/public/certificates/${final.certificateId}/verify`)).json()) as { onChain: { committed: boolean } };
      return v.onChain.committed;
    }, 60_000);
    const onChain = await runCli(
      ['certificate', final.certificateId, '--verify', '--chain', chainInfo.rpcUrl, '--registry', chainInfo.contracts.certificateRegistry],
      env,
    );
    expect(onChain.code, onChain.stdout + onChain.stderr).toBe(0);
    expect(onChain.stdout).toMatch(/✔ onChain\s+committed on chain 31337/);
    // A registry that holds nothing for this certificate fails the on-chain check.
    const wrongRegistry = await runCli(
      ['certificate', final.certificateId, '--verify', '--chain', chainInfo.rpcUrl, '--registry', '0x5FbDB2315678afecb367f032d93F642f64180aa3'],
      env,
    );
    expect(wrongRegistry.code).toBe(1);
    expect(wrongRegistry.stdout).toMatch(/✘ onChain/);

    // The offline bundle: saved from the server, verified with no network (the API URL points nowhere),
    // and one changed byte of it fails.
    const bundleFile = join(dir, '..', 'bundle.json');
    const saved = await runCli(['certificate', final.certificateId, '--save-bundle', bundleFile], env);
    expect(saved.code, saved.stderr).toBe(0);
    const issuer = ((await (await fetch(`${server.url}/.well-known/sigma-issuer`)).json()) as { address: string }).address;
    const offline = await runCli(['certificate', '--verify', '--bundle', bundleFile, '--issuer', issuer], { SIGMA_API_URL: 'http://127.0.0.1:9' });
    expect(offline.code, offline.stdout + offline.stderr).toBe(0);
    expect(offline.stdout).toMatch(/✔ chainProof\s+committed on chain 31337/);
    writeFileSync(bundleFile, readFileSync(bundleFile, 'utf8').replace('"skillVersion": "1.1.0"', '"skillVersion": "1.1.1"'));
    const tampered = await runCli(['certificate', '--bundle', bundleFile], { SIGMA_API_URL: 'http://127.0.0.1:9' });
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toMatch(/✘ payloadHash/);

    // Pin the folder, check it in a CI-like way, then change one byte of the skill.
    const pinned = await runCli(['pin', 'add', final.certificateId, '--dir', dir], env);
    expect(pinned.code, pinned.stdout + pinned.stderr).toBe(0);
    const pinOk = await runCli(['pin', 'check', '--dir', join(dir, '..'), '--require-live'], env);
    expect(pinOk.code, pinOk.stdout + pinOk.stderr).toBe(0);
    expect(pinOk.stdout).toMatch(/✔ live\s+APPROVED and valid/);
    const noService = await runCli(['pin', 'check', '--dir', join(dir, '..')], { SIGMA_API_URL: 'http://127.0.0.1:9' });
    expect(noService.code, noService.stdout).toBe(0);
    expect(noService.stdout).toMatch(/not reachable/);
    writeFileSync(join(dir, 'SKILL.md'), SKILL.replace('Do not guess', 'Do  not guess'));
    const pinBad = await runCli(['pin', 'check', '--dir', join(dir, '..')], env);
    expect(pinBad.code).toBe(1);
    expect(pinBad.stdout).toMatch(/✘ content\s+SKILL.md hashes to/);
    writeFileSync(join(dir, 'SKILL.md'), SKILL);

    // A local file that differs from what was certified fails, and says why.
    const other = join(dir, 'OTHER.md');
    writeFileSync(other, SKILL.replace('1.1.0', '1.1.1'));
    const bad = await runCli(['certificate', final.certificateId, '--verify', '--file', other], env);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/NOT VERIFIED/);
    expect(bad.stdout).toMatch(/✘ skillHash/);

    // Trusting another issuer fails the issuer check.
    const wrongIssuer = await runCli(['certificate', final.certificateId, '--verify', '--issuer', '0x0000000000000000000000000000000000000001'], env);
    expect(wrongIssuer.code).toBe(1);
    expect(wrongIssuer.stdout).toMatch(/✘ issuer/);
  });

  it('sigma mcp over stdio, driven by the MCP SDK client: a certified and an uncertified folder', async () => {
    expect(certificateId).toMatch(/^[0-9a-f]{24}$/);
    const other = join(dir, '..', 'uncertified');
    mkdirSync(other, { recursive: true });
    writeFileSync(join(other, 'SKILL.md'), SKILL.replace('CSV summary', 'TSV summary'));
    const client = new Client({ name: 'e2e', version: '0' });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [CLI_BIN, 'mcp'],
        env: { ...(process.env as Record<string, string>), SIGMA_API_URL: server.url },
        stderr: 'pipe',
      }),
    );
    try {
      expect((await client.listTools()).tools.map((t) => t.name).sort()).toEqual(['check_pin', 'search_certificates', 'validate_skill', 'verify_certificate']);
      const yes = await client.callTool({ name: 'check_pin', arguments: { folder: dir } });
      expect(yes.structuredContent).toMatchObject({
        certified: true,
        valid: true,
        certificate: { certificateId, signatureVerified: true, status: 'APPROVED' },
      });
      const no = await client.callTool({ name: 'check_pin', arguments: { folder: other } });
      expect(no.structuredContent).toMatchObject({ certified: false, valid: false });
      const v = await client.callTool({ name: 'verify_certificate', arguments: { certificateId } });
      expect(v.structuredContent).toMatchObject({ trustworthy: true });
    } finally {
      await client.close();
    }
  });

  it('reports API errors with their code and a usage exit status', async () => {
    const r = await runCli(['status', 'ffffffffffffffffffffffff'], { SIGMA_API_URL: server.url, SIGMA_API_KEY: DEV_KEY });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/SIGMA_E_SUBMISSION_NOT_FOUND/);
    const noKey = await runCli(['status', 'ffffffffffffffffffffffff'], { SIGMA_API_URL: server.url, SIGMA_API_KEY: '' });
    expect(noKey.code).toBe(2);
  });
});
