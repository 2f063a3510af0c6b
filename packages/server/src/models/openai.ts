import OpenAI from 'openai';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import type { ModelProviderConfig } from '../config-providers.js';
import { costMicroUsd, type ListedModel, type Price } from './catalogue.js';
import { buildVerdictPrompt, extractJson, VERDICT_JSON_SCHEMA, VERDICT_SCHEMA_NAME } from './prompt.js';
import type { ReviewAttempt, ReviewContext, ReviewProvider, ValidatorModel } from './provider.js';

/**
 * A reviewer behind any OpenAI-compatible chat completions API (OpenAI, OpenRouter, Ollama, vLLM,
 * llama.cpp server, …). The prompt fences submitted content with the round's nonce (prompt.ts); the
 * answer is requested as strict structured output (`response_format: json_schema`) and parsed from plain
 * text when a server has none. Retries, timeouts and schema validation belong to the caller
 * (domain/assembly/review.ts): this class makes exactly one HTTP call per `review`.
 *
 * The API key lives only in the client's memory; errors are re-thrown with a status and kind only, never
 * the server's body or the request, so nothing sensitive reaches a seat's rationale or a log line.
 */
export class ProviderCallError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProviderCallError';
  }
}

export interface OpenAiProviderOptions {
  config: ModelProviderConfig;
  /** Catalogue prices (micro-USD per million tokens) for cost accounting. */
  prices?: { price(provider: string, modelId: string): Promise<Price | null> };
  /** Override of the HTTP fetch (tests). */
  fetch?: typeof fetch;
}

export interface OpenAiProvider extends ReviewProvider {
  readonly baseUrl: string;
  listModels(signal: AbortSignal): Promise<ListedModel[]>;
}

const MODEL_ID_LIMIT = 200;

export function createOpenAiProvider(opts: OpenAiProviderOptions): OpenAiProvider {
  const cfg = opts.config;
  const client = new OpenAI({
    baseURL: cfg.baseUrl,
    // Local servers (Ollama, llama.cpp) need no key; the SDK insists on one, so send a placeholder.
    apiKey: cfg.apiKey?.reveal() ?? 'sigma-no-key',
    maxRetries: 0,
    timeout: 10 * 60_000,
    logLevel: 'off',
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  });
  // Models whose server refused `response_format`: later calls ask for plain JSON instead.
  const plainOnly = new Set<string>();

  const safeError = (err: unknown, what: string): ProviderCallError => {
    if (err instanceof OpenAI.APIError) {
      // Only the status and a plain error-type word: nothing else of the upstream body goes anywhere.
      const type = typeof err.type === 'string' && /^[a-z_]{1,40}$/.test(err.type) ? ` (${err.type})` : '';
      return new ProviderCallError(`${cfg.name} ${what} failed: HTTP ${err.status ?? 'error'}${type}`);
    }
    if (err instanceof OpenAI.APIConnectionError) return new ProviderCallError(`${cfg.name} ${what} failed: could not connect`);
    return new ProviderCallError(`${cfg.name} ${what} failed: ${err instanceof Error ? err.name : 'error'}`);
  };

  return {
    name: cfg.name,
    baseUrl: cfg.baseUrl,

    async review(model: ValidatorModel, ctx: ReviewContext, signal: AbortSignal): Promise<ReviewAttempt> {
      signal.throwIfAborted();
      const prompt = buildVerdictPrompt(ctx);
      const structured = cfg.structuredOutput === 'json_schema' && !plainOnly.has(model.modelId);
      const s = model.sampling;
      const body: ChatCompletionCreateParamsNonStreaming = {
        model: model.modelId,
        messages: [
          { role: 'system', content: prompt.system },
          { role: 'user', content: prompt.user },
        ],
        ...(s.temperature !== null ? { temperature: s.temperature } : {}),
        ...(s.topP !== null ? { top_p: s.topP } : {}),
        ...(s.seed !== null ? { seed: s.seed } : {}),
        ...(s.maxTokens !== null ? { max_tokens: s.maxTokens } : {}),
        ...(structured
          ? { response_format: { type: 'json_schema', json_schema: { name: VERDICT_SCHEMA_NAME, strict: true, schema: VERDICT_JSON_SCHEMA } } }
          : {}),
      };
      let res: OpenAI.Chat.Completions.ChatCompletion;
      try {
        res = await client.chat.completions.create(body, { signal });
      } catch (err) {
        if (signal.aborted) throw (signal.reason as Error) ?? err;
        if (structured && err instanceof OpenAI.BadRequestError && /response_format|json_schema|structured/i.test(err.message)) {
          // The server has no structured output: the caller's retry will ask for plain JSON.
          plainOnly.add(model.modelId);
          throw new ProviderCallError(`${cfg.name} does not support structured output for ${model.modelId.slice(0, MODEL_ID_LIMIT)}; retrying as plain JSON`);
        }
        throw safeError(err, 'chat completion');
      }
      const choice = res.choices?.[0];
      const content = choice?.message?.content ?? '';
      const parsed = content ? extractJson(content) : undefined;
      const tokensIn = nonNegInt(res.usage?.prompt_tokens);
      const tokensOut = nonNegInt(res.usage?.completion_tokens);
      const price = (await opts.prices?.price(cfg.name, model.modelId).catch(() => null)) ?? null;
      const answered = typeof res.model === 'string' && res.model ? res.model.slice(0, MODEL_ID_LIMIT) : model.modelId;
      return {
        // Unparsable text stays a string, which fails the strict schema: the caller counts it as malformed.
        raw: parsed === undefined ? content.slice(0, 2000) : parsed,
        modelId: answered,
        usage: { tokensIn, tokensOut, costMicroUsd: price ? costMicroUsd(tokensIn, tokensOut, price) : 0 },
      };
    },

    async listModels(signal: AbortSignal): Promise<ListedModel[]> {
      try {
        const page = await client.models.list({ signal });
        return (page.data as unknown[]).filter((m): m is ListedModel => !!m && typeof (m as { id?: unknown }).id === 'string');
      } catch (err) {
        if (signal.aborted) throw new ProviderCallError(`${cfg.name} model list timed out`);
        throw safeError(err, 'model list');
      }
    },
  };
}

function nonNegInt(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.floor(v) : 0;
}
