import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { skillHash, type CertificateBundle } from '@sigma/core';
import { sampleSnapshot, signedBundle } from '@sigma/core/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiError, FakeApi, sigma } from '../../test/fake-api.js';
import { EXIT } from '../config.js';
import { startHttp } from './run.js';
import { createMcpServer, MCP_TOOLS } from './server.js';

const KEY = '0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba';
const SKILL_MD = '---\nname: weather-lookup\nversion: 1.0.0\ndescription: Looks up the weather for a city the user names.\n---\n\nLooks up the weather.\n';
const root = mkdtempSync(join(tmpdir(), 'sigma-cli-mcp-'));
const certified = join(root, 'certified');
const uncertified = join(root, 'uncertified');
for (const [d, text] of [
  [certified, SKILL_MD],
  [uncertified, SKILL_MD.replace('the weather', 'the tides')],
] as const) {
  mkdirSync(d, { recursive: true });
  writeFileSync(join(d, 'SKILL.md'), text);
}

let fake: FakeApi;
let bundle: CertificateBundle;
let live: { status: string; valid: boolean; invalidReasons: string[] };
let client: Client;
beforeAll(async () => {
  fake = await FakeApi.start();
  bundle = await signedBundle(KEY, sampleSnapshot({ skillHash: skillHash(SKILL_MD) }));
  const [a, b] = InMemoryTransport.createLinkedPair();
  await createMcpServer({ apiUrl: fake.url }).connect(a);
  client = new Client({ name: 'sigma-test', version: '0' });
  await client.connect(b);
});
afterAll(async () => {
  await client?.close();
  await fake.close();
});
beforeEach(() => {
  fake.reset();
  live = { status: 'APPROVED', valid: true, invalidReasons: [] };
  const summary = { certificateId: bundle.certificateId, status: 'APPROVED', skillName: 'weather-lookup' };
  fake.on('GET /api/v1/public/certificates', (req) => ({ body: { certificates: req.query.get('q') === bundle.snapshot.skillHash ? [summary] : [] } }));
  fake.on('GET /api/v1/public/certificates/:id/bundle', (_, p) =>
    p.id === bundle.certificateId ? { body: bundle } : apiError('SIGMA_E_CERTIFICATE_NOT_FOUND'),
  );
  fake.on('GET /api/v1/public/certificates/:id/live-status', () => ({ body: { certificateId: bundle.certificateId, activeFlagCount: 0, ...live } }));
  fake.on('GET /api/v1/public/certificates/:id', (_, p) =>
    p.id === bundle.certificateId ? { body: { certificateId: p.id, snapshot: bundle.snapshot } } : apiError('SIGMA_E_CERTIFICATE_NOT_FOUND'),
  );
  fake.on('GET /.well-known/sigma-issuer', () => ({ body: { address: bundle.issuer } }));
});
const call = async (name: string, args: Record<string, unknown>) => {
  const r = await client.callTool({ name, arguments: args });
  return { isError: r.isError === true, value: r.structuredContent as Record<string, unknown> & { error?: { code: string } } };
};

describe('sigma mcp, through the SDK’s own client', () => {
  it('lists the four tools with input schemas, and the certificate resource template', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([...MCP_TOOLS].sort());
    expect(tools.find((t) => t.name === 'check_pin')!.inputSchema.properties).toHaveProperty('folder');
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate)).toEqual(['sigma://certificates/{id}']);
    const rec = await client.readResource({ uri: `sigma://certificates/${bundle.certificateId}` });
    expect(JSON.parse((rec.contents[0] as { text: string }).text)).toMatchObject({ certificateId: bundle.certificateId });
  });

  it('check_pin: a certified folder is certified and valid; an uncertified one is not', async () => {
    const yes = await call('check_pin', { folder: certified });
    expect(yes.isError).toBe(false);
    expect(yes.value).toMatchObject({
      mode: 'folder',
      certified: true,
      valid: true,
      contentHash: skillHash(SKILL_MD),
      certificate: { certificateId: bundle.certificateId, signatureVerified: true },
    });
    const no = await call('check_pin', { folder: uncertified });
    expect(no.value).toMatchObject({ certified: false, valid: false, summary: 'No SIGMA certificate covers this content.' });
    // The same content, its certificate suspended: certified, not valid.
    live = { status: 'SUSPENDED', valid: false, invalidReasons: ['status is SUSPENDED'] };
    const suspended = await call('check_pin', { contentHash: skillHash(SKILL_MD) });
    expect(suspended.value).toMatchObject({ certified: true, valid: false, summary: 'Certified, but not valid now: status is SUSPENDED.' });
  });

  it('check_pin with a lock file runs sigma pin check, and bad input is an error result with a stable code', async () => {
    expect((await sigma(['pin', 'add', bundle.certificateId, '--dir', certified], { SIGMA_API_URL: fake.url })).code).toBe(EXIT.ok);
    const r = await call('check_pin', { lockFile: join(root, 'sigma.lock.json') });
    expect(r.value).toMatchObject({ mode: 'lock', exitCode: 0, ok: true });
    writeFileSync(join(certified, 'SKILL.md'), `${SKILL_MD}\n`);
    try {
      expect((await call('check_pin', { lockFile: join(root, 'sigma.lock.json') })).value).toMatchObject({ exitCode: EXIT.failed, ok: false });
    } finally {
      writeFileSync(join(certified, 'SKILL.md'), SKILL_MD);
    }
    const both = await call('check_pin', { folder: certified, contentHash: skillHash(SKILL_MD) });
    expect(both).toMatchObject({ isError: true, value: { error: { code: 'SIGMA_E_REQUEST_INVALID' } } });
    const missing = await call('check_pin', { lockFile: join(root, 'none.json') });
    expect(missing).toMatchObject({ isError: true, value: { error: { code: 'SIGMA_E_PIN_LOCK_INVALID' } } });
  });

  it('verify_certificate and search_certificates answer from the service, verified locally', async () => {
    const v = await call('verify_certificate', { certificateId: bundle.certificateId });
    expect(v.value).toMatchObject({ trustworthy: true, signatureVerified: true, valid: true, status: 'APPROVED', trustedIssuer: bundle.issuer });
    const distrusted = await call('verify_certificate', { certificateId: bundle.certificateId, trustedIssuer: '0x0000000000000000000000000000000000000001' });
    expect(distrusted.value).toMatchObject({ trustworthy: false, signatureVerified: false });
    const unknown = await call('verify_certificate', { certificateId: 'f'.repeat(24) });
    expect(unknown).toMatchObject({ isError: true, value: { error: { code: 'SIGMA_E_CERTIFICATE_NOT_FOUND' } } });
    const found = await call('search_certificates', { query: bundle.snapshot.skillHash });
    expect(found.value).toMatchObject({ certificates: [{ certificateId: bundle.certificateId }] });
  });

  it('validate_skill runs the evidence engine offline', async () => {
    fake.reset();
    const r = await call('validate_skill', { path: certified });
    expect(r.isError).toBe(false);
    expect(r.value).toMatchObject({ path: certified, blocking: false });
    expect(typeof r.value.findingCount).toBe('number');
    expect(fake.seen).toEqual([]);
    const missing = await call('validate_skill', { path: join(root, 'nothing-here') });
    expect(missing.isError).toBe(true);
  });

  it('serves the same tools over streamable HTTP', async () => {
    const { server, url } = await startHttp({ apiUrl: fake.url }, 0);
    const http = new Client({ name: 'sigma-http-test', version: '0' });
    try {
      await http.connect(new StreamableHTTPClientTransport(new URL(url)));
      expect((await http.listTools()).tools).toHaveLength(MCP_TOOLS.length);
      const r = await http.callTool({ name: 'check_pin', arguments: { folder: uncertified } });
      expect(r.structuredContent).toMatchObject({ certified: false });
    } finally {
      await http.close();
      await new Promise((r) => server.close(r));
    }
  });
});
