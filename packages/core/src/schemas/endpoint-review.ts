import { z } from 'zod';
import { EndpointStatus, Severity } from '../enums.js';

/**
 * The sealed endpoint review (SPEC §4): in a certificate and, for API* submissions, in the evidence
 * report. Its own file so that the evidence report can carry it without an import cycle
 * (certificate.ts reads the manifest from evidence.ts). `declaredEndpoints` is `unknown[]` so that
 * older snapshots keep parsing; `ProbedEndpointReview` (endpoint.ts) types each entry.
 */
export const EndpointReview = z.object({
  analyzedAt: z.string(),
  analysisMode: z.string(),
  declaredEndpoints: z.array(z.unknown()),
  observedUrls: z.array(z.string()),
  observedHosts: z.array(z.string()),
  skippedEndpoints: z.array(z.object({ path: z.string(), reason: z.string() })),
  endpointStatus: EndpointStatus,
  highestSeverity: Severity.nullable(),
  approvalBlocked: z.boolean(),
});
export type EndpointReview = z.infer<typeof EndpointReview>;
