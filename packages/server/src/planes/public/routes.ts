import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CertificateBundle, CertificateRecord, CertificateSummary, Id24, LiveStatusResponse, payloadHash, SigmaError, VerifyResponse } from '@sigma/core';
import { auditRound } from '../../domain/assembly/rounds.js';
import { certificateBundle } from '../../domain/certificates/bundle.js';
import { certificateHistory, certificateRecord } from '../../domain/certificates/record.js';
import { checkValidity, effectiveStatus, onChainView } from '../../domain/certificates/live-status.js';
import type { CertificateReadCache } from '../../domain/certificates/read-cache.js';
import { getCertificateRow, parseSnapshot, type CertificateLite } from '../../domain/certificates/rows.js';
import { searchCertificates } from '../../domain/certificates/search.js';
import { publicStats } from '../../domain/certificates/stats.js';
import { sourceIntegrity } from '../../domain/certificates/integrity.js';
import { liveVerifyFields, verifyBody, verifyHead } from '../../domain/certificates/verify.js';
import type { ViewCounter } from '../../domain/certificates/view-counter.js';
import { liveChecksOf } from '../../domain/live/checks.js';
import { ErrorResponse } from '../../lib/http.js';
import type { Services } from '../../services.js';

const IdParams = z.object({ id: z.string().max(64) });
const errors = { 400: ErrorResponse, 404: ErrorResponse, 429: ErrorResponse };

export const publicPlane =
  (s: Services, views: ViewCounter, cache: CertificateReadCache): FastifyPluginAsyncZod =>
  async (app) => {
    const chainInfo = s.chain
      ? {
          mode: s.chain.mode,
          network: s.chain.network,
          chainId: s.chain.chainId,
          registryAddress: s.chain.contracts.certificateRegistry,
          explorerTx: (h: string) => s.chain!.explorerTx(h),
        }
      : { mode: 'off', network: null };
    const onChainOf = (row: CertificateLite) => onChainView(row, chainInfo);
    // Read back what the chain holds for a committed certificate (cached briefly by the chain service).
    const onChainState = async (row: CertificateLite) => {
      if (!s.chain || !row.txHash) return undefined;
      return s.chain.readCommitment(row.id);
    };

    app.get(
      '/stats',
      {
        schema: {
          tags: ['public'],
          summary: 'Live numbers for the landing page',
          response: {
            200: z.object({
              certificatesIssued: z.number().int(),
              findingsAboveMedium: z.number().int(),
              activeValidators: z.number().int(),
              startingPriceUsd: z.string().nullable(),
            }),
          },
        },
      },
      async () => publicStats(s.db),
    );

    app.get(
      '/chain',
      {
        schema: {
          tags: ['public'],
          summary: 'The chain certificates are committed to, and the contract addresses',
          response: {
            200: z.object({
              mode: z.enum(['off', 'local', 'rpc']),
              network: z.string().nullable(),
              chainId: z.number().int().nullable(),
              contracts: z.record(z.string(), z.string()).nullable(),
              /** Only for the local development chain (loopback); real networks are named, not exposed. */
              rpcUrl: z.string().nullable(),
              certificateKey: z.string(),
            }),
          },
        },
      },
      async () => ({
        mode: s.chain?.mode ?? ('off' as const),
        network: s.chain?.network ?? null,
        chainId: s.chain?.chainId ?? null,
        contracts: s.chain ? { ...s.chain.contracts } : null,
        rpcUrl: s.chain?.mode === 'local' ? s.chain.rpcUrl : null,
        certificateKey: 'keccak256(utf8(certificateId)) in CertificateRegistry',
      }),
    );

    app.get(
      '/certificates',
      {
        schema: {
          tags: ['public'],
          summary: 'Search certificates by name, id, payload hash (0x…) or content hash (the skillHash or codeHash, 64 hex)',
          querystring: z.object({ q: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(100).default(20) }),
          response: { 200: z.object({ certificates: z.array(CertificateSummary) }), ...errors },
        },
      },
      async (req) => ({ certificates: await searchCertificates(s.db, req.query.q, req.query.limit) }),
    );

    app.get(
      '/certificates/:id',
      {
        schema: {
          tags: ['public'],
          summary: 'The full certificate record: the sealed snapshot exactly as hashed, signature, rounds',
          params: IdParams,
          response: { 200: CertificateRecord, ...errors },
        },
      },
      async (req) => {
        const row = await getCertificateRow(s.db, req.params.id);
        return certificateRecord(s.db, row, onChainOf(row), (await app.sigmaCertificates.flagCounts.get(row.id)).active);
      },
    );

    app.get(
      '/certificates/:id/history',
      {
        schema: {
          tags: ['public'],
          summary: 'What happened to a certificate since it was sealed: suspensions, re-audits, restoration, revocation, expiry, supersession',
          params: IdParams,
          response: {
            200: z.object({
              certificateId: Id24,
              status: z.string(),
              supersededBy: Id24.nullable(),
              events: z.array(z.object({ at: z.string(), type: z.string(), message: z.string(), data: z.record(z.string(), z.unknown()).nullable() })),
            }),
            ...errors,
          },
        },
      },
      async (req) => {
        const row = await getCertificateRow(s.db, req.params.id);
        return { certificateId: row.id, status: effectiveStatus(row, s.clock), supersededBy: row.supersededBy, events: await certificateHistory(s.db, row.id) };
      },
    );

    app.get(
      '/certificates/:id/bundle',
      {
        schema: {
          tags: ['public'],
          summary: 'An offline verification bundle: snapshot, signature, issuer and chain proof in one JSON (does not count a view)',
          params: IdParams,
          response: { 200: CertificateBundle, ...errors },
        },
      },
      async (req) => {
        const row = await getCertificateRow(s.db, req.params.id);
        const flags = await app.sigmaCertificates.flagCounts.get(row.id);
        const recomputed = payloadHash(parseSnapshot(row));
        const validity = checkValidity(row, s.clock, { onChain: await onChainState(row), recomputed, activeEscalatedFlags: flags.escalated });
        return certificateBundle(row, onChainOf(row), validity, s.clock.now());
      },
    );

    app.get(
      '/certificates/:id/verify',
      {
        schema: { tags: ['public'], summary: 'Verify a certificate (counts a view)', params: IdParams, response: { 200: VerifyResponse, ...errors } },
      },
      async (req, reply) => {
        // The hot path: cache hits are read synchronously, and the reply is assembled from bytes
        // serialised once per cached certificate (the schema documents the response and tests hold
        // the route to it); per request only the view count, or the live part when it is not quiet.
        const entry = cache.peek(req.params.id) ?? (await cache.get(req.params.id));
        const { row, sealed, recomputed, viewBase } = entry;
        if (!sealed) {
          s.log.error({ certificateId: row.id }, 'stored certificate snapshot cannot be parsed');
          throw new SigmaError('SIGMA_E_CERTIFICATE_UNREADABLE');
        }
        const flagCounts = app.sigmaCertificates.flagCounts;
        const flags = flagCounts.peek(row.id) ?? (await flagCounts.get(row.id));
        const chainState = s.chain && row.txHash ? await onChainState(row) : undefined;
        const validity = checkValidity(row, s.clock, { onChain: chainState, recomputed, activeEscalatedFlags: flags.escalated });
        views.add(row.id);
        // Valid and unflagged, the live part depends on the row alone: its bytes are kept with the entry.
        // (No closures here: under tsx every function created per request also costs a name definition.)
        const quiet = validity.valid && flags.active === 0;
        let head = quiet ? entry.quietHead : undefined;
        if (head === undefined) {
          head = verifyHead(liveVerifyFields(row, validity, onChainOf(row), 0, flags.active, sealed.label));
          if (quiet) entry.quietHead = head;
        }
        return reply.type('application/json; charset=utf-8').send(verifyBody(head, views.current(viewBase, row.id), sealed.tail) as never);
      },
    );

    app.get(
      '/certificates/:id/live-status',
      {
        schema: {
          tags: ['public'],
          summary: 'Live fields of a certificate',
          params: IdParams,
          response: {
            200: LiveStatusResponse,
            ...errors,
          },
        },
      },
      async (req) => {
        const { row, recomputed, viewBase } = await cache.get(req.params.id);
        const flags = await app.sigmaCertificates.flagCounts.get(row.id);
        const validity = checkValidity(row, s.clock, { onChain: await onChainState(row), recomputed, activeEscalatedFlags: flags.escalated });
        return {
          certificateId: row.id,
          status: validity.status,
          valid: validity.valid,
          invalidReasons: validity.reasons,
          activeFlagCount: flags.active,
          views: views.current(viewBase, row.id),
          expiresAt: row.expiresAt.toISOString(),
          ...(await liveChecksOf(s.db, row.id)),
          onChain: onChainOf(row),
          supersededBy: row.supersededBy,
        };
      },
    );

    app.get(
      '/rounds/:id/panel-audit',
      {
        schema: {
          tags: ['public'],
          summary: 'Re-derive every panel of a round from its stored seed and candidates, and compare with who sat',
          params: IdParams,
          response: {
            200: z.object({
              roundId: z.string(),
              seed: z.string(),
              allMatch: z.boolean(),
              draws: z.array(
                z.object({
                  label: z.string(),
                  phase: z.number(),
                  size: z.number(),
                  candidates: z.number(),
                  recorded: z.array(z.string()),
                  rederived: z.array(z.string()),
                  seated: z.array(z.string()),
                  matches: z.boolean(),
                }),
              ),
            }),
            ...errors,
          },
        },
      },
      async (req) => {
        const audit = /^[0-9a-f]{24}$/.test(req.params.id) ? await auditRound(s.db, req.params.id) : null;
        if (!audit) throw new SigmaError('SIGMA_E_ROUND_NOT_FOUND');
        return audit;
      },
    );

    app.get(
      '/certificates/:id/source-integrity',
      {
        schema: {
          tags: ['public'],
          summary: 'SHA-256 of the LF-normalised SKILL.md that was certified',
          params: IdParams,
          response: {
            200: z.object({
              certificateId: Id24,
              algorithm: z.string(),
              skillHash: z.string().nullable(),
              storedSkillMdSha256: z.string().nullable(),
              matches: z.boolean(),
              sourceType: z.string(),
              sourceUrl: z.string().nullable(),
              sourceRef: z.string().nullable(),
            }),
            ...errors,
          },
        },
      },
      async (req) => sourceIntegrity(s.db, await getCertificateRow(s.db, req.params.id)),
    );
  };
