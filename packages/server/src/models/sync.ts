import type { Services } from '../services.js';
import { loadBundledCatalogue, upsertBundled, upsertProviderModels } from './catalogue.js';

export interface ModelsSyncSummary {
  pricesAsOf: string;
  bundled: number;
  providers: Array<{ provider: string; models: number; error: string | null }>;
}

const LIST_TIMEOUT_MS = 30_000;

/**
 * Step `models.sync`: refresh the model catalogue. The bundled file is always applied (rows already refreshed
 * from their provider are left alone), then each configured provider with a model list (`GET /models`) is
 * asked; a provider that cannot be reached keeps its previous rows and is reported, never fatal.
 */
export async function runModelsSync(s: Services): Promise<ModelsSyncSummary> {
  const bundled = loadBundledCatalogue(s.config.models.catalogueFile ?? undefined);
  const now = s.clock.now();
  const summary: ModelsSyncSummary = { pricesAsOf: bundled.pricesAsOf, bundled: await upsertBundled(s.db, bundled, now), providers: [] };
  for (const p of s.providers.values()) {
    if (!p.listModels) continue;
    try {
      const listed = await p.listModels(AbortSignal.timeout(LIST_TIMEOUT_MS));
      summary.providers.push({ provider: p.name, models: await upsertProviderModels(s.db, p.name, listed, bundled, now), error: null });
    } catch (err) {
      const message = err instanceof Error ? err.message.slice(0, 300) : 'failed';
      s.log.warn({ provider: p.name, error: message }, 'models.sync: provider model list unavailable; keeping its previous catalogue rows');
      summary.providers.push({ provider: p.name, models: 0, error: message });
    }
  }
  s.prices?.invalidate();
  return summary;
}
