import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CreateSubmissionBody, CreateSubmissionResponse, Id24, Quote, SiteProofStatus, SubmissionPayment } from '@sigma/core';
import { renewalDraft, renewCertificate, submitNewVersion } from '../../domain/certificates/renewal.js';
import { requestSiteProof } from '../../domain/live/site-proof.js';
import { createQuote, dryRunDraft, quoteView } from '../../domain/pricing/quotes.js';
import { draftOf } from '../../domain/submissions/submit.js';
import { ErrorResponse } from '../../lib/http.js';
import type { Services } from '../../services.js';

const errors = {
  400: ErrorResponse,
  401: ErrorResponse,
  402: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  413: ErrorResponse,
  422: ErrorResponse,
  429: ErrorResponse,
};
const Params = z.object({ id: Id24 });
const IdempotencyHeaders = z.object({ 'idempotency-key': z.string().min(1).max(200).optional() }).passthrough();

/** The owner's certificate actions: renew (RENEWAL round, same content) and submit a new version (new content). */
export const devCertificates =
  (s: Services): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/certificates/:id/renewal-quote',
      {
        schema: {
          tags: ['dev'],
          summary: 'Quote the renewal of one of your certificates (the same content, priced like a submission)',
          params: Params,
          response: { 201: Quote, ...errors },
        },
      },
      async (req, reply) => {
        const { body, files } = draftOf(s, await renewalDraft(s, req.developer!.developerId, req.params.id));
        const dry = await dryRunDraft(s, body, files);
        const now = s.clock.now();
        const q = await s.db.transaction((tx) =>
          createQuote(tx, { developerId: req.developer!.developerId, productType: body.category, dry, now, ttlSeconds: s.config.payments.quoteTtlSeconds }),
        );
        return reply.code(201).send(quoteView(q, now));
      },
    );

    app.post(
      '/certificates/:id/domain-proof',
      {
        schema: {
          tags: ['dev'],
          summary: 'Name the homepage that links to this certificate (domain proof); it is checked at once and again each day',
          description:
            'SIGMA fetches that page only (GET, the outbound guard: private and loopback addresses refused unless the operator allows them, same-site redirects, size and time caps, no credentials) and looks for an ordinary visible link to the certificate page or its verify URL. The result and its time are public (live-status, the certificate page). A new homepage replaces the previous one. Only an APPROVED certificate.',
          params: Params,
          body: z.object({ homepageUrl: z.string().min(1).max(4096) }),
          response: { 202: SiteProofStatus, ...errors },
        },
      },
      async (req, reply) => {
        const r = await requestSiteProof(s, req.developer!.developerId, req.params.id, req.body.homepageUrl);
        return reply.code(202).send(r);
      },
    );

    app.post(
      '/certificates/:id/renew',
      {
        schema: {
          tags: ['dev'],
          summary: 'Renew one of your certificates before it expires: a RENEWAL round by the current validators and models',
          description:
            'Submits the certified content again, paid like a submission (`quoteId` from POST /certificates/:id/renewal-quote, or a quote made now; `payment` as for POST /submissions). On approval the new certificate supersedes this one. Only an APPROVED certificate that has not expired, with no renewal or new version under way.',
          params: Params,
          headers: IdempotencyHeaders,
          body: z.object({ quoteId: Id24.optional(), payment: SubmissionPayment.optional() }).default({}),
          response: { 201: CreateSubmissionResponse, 200: CreateSubmissionResponse, ...errors },
        },
      },
      async (req, reply) => {
        const key = req.headers['idempotency-key'];
        const r = await renewCertificate(s, req.developer!.developerId, req.params.id, req.body, typeof key === 'string' ? key : undefined);
        return reply.code(r.created ? 201 : 200).send({ submissionId: r.id, status: r.status });
      },
    );

    app.post(
      '/certificates/:id/versions',
      {
        schema: {
          tags: ['dev'],
          summary: 'Submit a new version (new content) of a certified skill; on approval the old certificate is SUPERSEDED',
          description:
            'The body is that of POST /submissions. The content must differ from the certified one (else renew). The old certificate stays as it is until the new one is sealed; then it becomes SUPERSEDED and names the new one in `supersededBy` (a SUSPENDED one is left to its re-audit).',
          params: Params,
          headers: IdempotencyHeaders,
          body: CreateSubmissionBody,
          response: { 201: CreateSubmissionResponse, 200: CreateSubmissionResponse, ...errors },
        },
      },
      async (req, reply) => {
        const key = req.headers['idempotency-key'];
        const r = await submitNewVersion(s, req.developer!.developerId, req.params.id, req.body, typeof key === 'string' ? key : undefined);
        return reply.code(r.created ? 201 : 200).send({ submissionId: r.id, status: r.status });
      },
    );
  };
