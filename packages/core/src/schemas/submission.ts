import { z } from 'zod';
import { ProductType, SubmissionStatus } from '../enums.js';

/** A 24-hex-digit id (submissions, certificates, rounds). */
export const Id24 = z.string().regex(/^[0-9a-f]{24}$/, 'must be 24 lowercase hex digits');

/** Default ingest limits (SPEC §2); deployments may lower or raise them in configuration. */
export const DEFAULT_LIMITS = {
  maxFiles: 50,
  maxTotalBytes: 512 * 1024,
  maxFileBytes: 200 * 1024,
} as const;

/** A relative POSIX path inside the submitted tree: no `..`, no absolute paths, no NUL. */
export const RelativePath = z
  .string()
  .min(1)
  .max(512)
  .refine((p) => !p.startsWith('/') && !/^[A-Za-z]:/.test(p) && !p.includes('\\'), 'must be a relative POSIX path')
  .refine((p) => !p.split('/').some((seg) => seg === '..' || seg === ''), 'must not contain "..", empty segments')
  .refine((p) => !p.includes('\0'), 'must not contain NUL');

export const UploadFile = z.object({
  path: RelativePath,
  contentBase64: z
    .string()
    .max(Math.ceil((DEFAULT_LIMITS.maxTotalBytes * 4) / 3) + 8)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64'),
});
export type UploadFile = z.infer<typeof UploadFile>;

export const UploadSource = z.object({
  type: z.literal('upload'),
  files: z.array(UploadFile).min(1).max(DEFAULT_LIMITS.maxFiles),
});

export const GitSource = z.object({
  type: z.literal('git'),
  /** Remote repositories only: a local path or file:// URL would make the server read its own files. */
  url: z
    .string()
    .min(1)
    .max(2048)
    .regex(/^https:\/\/[^\s/]+\/\S+$/, 'must be an https:// repository URL'),
  /** A full 40-hex commit id: git sources are always pinned. */
  ref: z.string().regex(/^[0-9a-f]{40}$/, 'must be a full 40-hex commit id'),
  /** Sub-directory holding SKILL.md, if not the repository root. */
  path: z.string().max(512).optional(),
});

export const SubmissionSource = z.discriminatedUnion('type', [UploadSource, GitSource]);
export type SubmissionSource = z.infer<typeof SubmissionSource>;

/**
 * How a submission is paid (SPEC §8). Omitted: credits, at the price of `quoteId` or of a quote
 * made in the same step.
 */
export const SubmissionPayment = z.discriminatedUnion('method', [
  z.object({ method: z.literal('credits') }),
  z.object({ method: z.literal('voucher'), code: z.string().trim().min(3).max(64) }),
  /** A CONFIRMED payment intent (direct chain transfer or x402) for the quote. */
  z.object({ method: z.literal('intent'), intentId: Id24 }),
  /** An allow-listed wallet: EIP-191 signature of `sigma:free-submission:<quoteId>`. */
  z.object({
    method: z.literal('wallet'),
    address: z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'must be an EVM address'),
    signature: z.string().regex(/^0x[0-9a-fA-F]+$/, 'must be hex'),
  }),
  /** An operator's one-shot free override granted to this developer. */
  z.object({ method: z.literal('override') }),
]);
export type SubmissionPayment = z.infer<typeof SubmissionPayment>;

export const CreateSubmissionBody = z.object({
  category: ProductType,
  source: SubmissionSource,
  /** The developer's advisory note: shown to reviewers as a claim to check, never as a fact. */
  devNotes: z.string().max(4000).default(''),
  entry: z.string().max(512).optional(),
  /**
   * API* only: the developer's sandbox (http(s), no credentials, query or fragment). The endpoint review
   * sends the declared data-changing methods (POST, PUT, DELETE…) to `<sandboxBaseUrl><declared path>`
   * there, never to production; without it they are skipped with the reason.
   */
  sandboxBaseUrl: z.string().max(2048).optional(),
  /** The quote this submission pays (POST /api/v1/dev/quotes); without it a quote is made in the same step. */
  quoteId: Id24.optional(),
  payment: SubmissionPayment.optional(),
});
export type CreateSubmissionBody = z.infer<typeof CreateSubmissionBody>;

export const CreateSubmissionResponse = z.object({
  submissionId: Id24,
  status: SubmissionStatus,
});

export const TimelineEvent = z.object({
  at: z.string(),
  status: SubmissionStatus.nullable(),
  type: z.string(),
  message: z.string(),
  data: z.record(z.string(), z.unknown()).nullable(),
});
export type TimelineEvent = z.infer<typeof TimelineEvent>;

export const Reason = z.object({
  code: z.string(),
  message: z.string(),
  remediation: z.string().nullable(),
  file: z.string().nullable(),
  line: z.number().int().nullable(),
});
export type Reason = z.infer<typeof Reason>;

export const SubmissionView = z.object({
  submissionId: Id24,
  status: SubmissionStatus,
  productType: ProductType,
  skillName: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  timeline: z.array(TimelineEvent),
  reasons: z.array(Reason),
  certificateId: Id24.nullable(),
  devNotes: z.string(),
  evidenceSummary: z
    .object({
      sandboxRiskLevel: z.string(),
      findingCount: z.number().int(),
      blocked: z.boolean(),
      engineVersion: z.string(),
    })
    .nullable(),
});
export type SubmissionView = z.infer<typeof SubmissionView>;
