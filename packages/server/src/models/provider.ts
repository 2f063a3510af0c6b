import type { EvidenceReport, ProductType, SamplingSettings } from '@sigma/core';
import type { ListedModel } from './catalogue.js';

/** What a reviewer sees. Everything except the evidence is untrusted submitted content. */
export interface ReviewContext {
  roundId: string;
  seatId: string;
  phase: number;
  /** Per-round nonce that fences untrusted content in prompts. */
  nonce: string;
  productType: ProductType;
  evidence: EvidenceReport;
  /** SKILL.md text (untrusted). */
  skillMd: string;
  /** Other text files (untrusted), already size-limited. */
  files: Array<{ path: string; text: string }>;
  /** The developer's note: a claim to check, never a fact (untrusted). */
  devNotes: string;
}

export interface ValidatorModel {
  validatorId: string;
  provider: string;
  modelId: string;
  modelFamily: string;
  sampling: SamplingSettings;
}

export interface ReviewUsage {
  tokensIn: number;
  tokensOut: number;
  costMicroUsd: number;
}

export interface ReviewAttempt {
  /** The raw output, validated by the caller against the strict verdict schema. */
  raw: unknown;
  usage: ReviewUsage;
  modelId: string;
}

/** A source of verdicts: offline reviewers, or a model behind an OpenAI-compatible API. */
export interface ReviewProvider {
  readonly name: string;
  review(model: ValidatorModel, ctx: ReviewContext, signal: AbortSignal): Promise<ReviewAttempt>;
  /** The provider's model list (`GET /models`), for the `models.sync` job; absent for offline reviewers. */
  listModels?(signal: AbortSignal): Promise<ListedModel[]>;
}

export class ReviewTimeoutError extends Error {
  constructor(ms: number) {
    super(`review timed out after ${ms} ms`);
    this.name = 'ReviewTimeoutError';
  }
}
