/** Shared request/response schemas and helpers of the operator payments API (payments.ts, payments-catalogue.ts). */
import { z } from 'zod';
import { ErrorResponse } from '../../lib/http.js';

export const tags = ['operator'];
export const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 429: ErrorResponse };
export const IdParam = z.object({ id: z.string().regex(/^[0-9a-f]{24}$/, 'must be 24 lowercase hex digits') });
export const Ok = z.object({ ok: z.literal(true) });
export const Created = z.object({ id: z.string() });
export const Any = z.record(z.string(), z.unknown());
export const Iso = z.string().datetime({ offset: true });
export const toDate = (v: string | null | undefined) => (v === undefined ? undefined : v === null ? null : new Date(v));
