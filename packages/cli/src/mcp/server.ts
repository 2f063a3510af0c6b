import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { CertificateRecord } from '@sigma/core';
import { api } from '../api.js';
import { CliError, type CliConfig } from '../config.js';
import { checkPinTool, searchCertificates, validateSkillTool, verifyCertificateTool } from './tools.js';

export const MCP_TOOLS = ['search_certificates', 'verify_certificate', 'check_pin', 'validate_skill'] as const;

type ToolResult = { content: Array<{ type: 'text'; text: string }>; structuredContent?: Record<string, unknown>; isError?: boolean };

/** A tool's answer as JSON text and structured content; a failure as an error result with its stable code. */
async function answer(work: () => Promise<object>): Promise<ToolResult> {
  try {
    const value = (await work()) as Record<string, unknown>;
    return { content: [{ type: 'text', text: JSON.stringify(value) }], structuredContent: value };
  } catch (err) {
    const code =
      err instanceof CliError ? (err.code ?? (err.exitCode === 3 ? 'SIGMA_E_PIN_SERVICE_UNREACHABLE' : 'SIGMA_E_REQUEST_INVALID')) : 'SIGMA_E_INTERNAL';
    const error = { code, message: (err as Error).message };
    return { content: [{ type: 'text', text: JSON.stringify({ error }) }], structuredContent: { error }, isError: true };
  }
}

const Id = z.string().regex(/^[0-9a-f]{24}$/, 'a certificate id is 24 lowercase hex digits');
const Address = z.string().regex(/^0x[0-9a-fA-F]{40}$/);

/**
 * `sigma mcp`: SIGMA for agents over the Model Context Protocol. The tools ask the SIGMA service at
 * `cfg.apiUrl` over HTTP (public plane only: no key is needed or sent) and verify signatures locally.
 */
export function createMcpServer(cfg: CliConfig, version = '0.1.0'): McpServer {
  const server = new McpServer({ name: 'sigma', version });

  server.registerTool(
    'search_certificates',
    {
      description: 'Search SIGMA certificates by skill name, certificate or submission id, payload hash (0x…) or content hash (skillHash/codeHash).',
      inputSchema: { query: z.string().max(200).optional(), limit: z.number().int().min(1).max(100).default(20) },
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    async ({ query, limit }) => answer(() => searchCertificates(cfg, query, limit)),
  );

  server.registerTool(
    'verify_certificate',
    {
      description:
        'Verify a certificate: recompute its payload hash and check the issuer signature locally, then ask the service whether it is valid now (status, flags, expiry).',
      inputSchema: { certificateId: Id, trustedIssuer: Address.optional().describe('default: the service’s /.well-known/sigma-issuer') },
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    async ({ certificateId, trustedIssuer }) => answer(() => verifyCertificateTool(cfg, certificateId, trustedIssuer)),
  );

  server.registerTool(
    'check_pin',
    {
      description:
        'Is this exact content certified and still valid? Give a folder (its hashes are computed locally), a content hash (skillHash or codeHash), or a sigma.lock.json to check every pin in it.',
      inputSchema: {
        folder: z.string().optional(),
        contentHash: z
          .string()
          .regex(/^[0-9a-f]{64}$/)
          .optional(),
        lockFile: z.string().optional(),
      },
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    async (input) =>
      answer(async () => {
        if ([input.folder, input.contentHash, input.lockFile].filter(Boolean).length !== 1) {
          throw new CliError('give exactly one of folder, contentHash or lockFile', 2, 'SIGMA_E_REQUEST_INVALID');
        }
        return checkPinTool(cfg, input);
      }),
  );

  server.registerTool(
    'validate_skill',
    {
      description: 'Run SIGMA’s deterministic evidence engine offline on a skill folder, SKILL.md or archive: findings and whether any is blocking.',
      inputSchema: { path: z.string().min(1) },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ path }) => answer(() => validateSkillTool(path)),
  );

  server.registerResource(
    'certificate',
    new ResourceTemplate('sigma://certificates/{id}', { list: undefined }),
    {
      description: 'A certificate’s full public record: the sealed snapshot exactly as hashed, signature, issuer, chain, live fields',
      mimeType: 'application/json',
    },
    async (uri, { id }) => {
      const cid = String(id);
      if (!/^[0-9a-f]{24}$/.test(cid)) throw new Error('SIGMA_E_CERTIFICATE_NOT_FOUND: a certificate id is 24 lowercase hex digits');
      const rec = await api<CertificateRecord>(cfg, `/api/v1/public/certificates/${cid}`);
      return { contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(rec) }] };
    },
  );
  return server;
}
