import { api } from '../../lib/api';
import type { Action } from '../../lib/hooks';

type Retirable =
  | '/api/v1/operator/pricing/categories/{id}/retire'
  | '/api/v1/operator/pricing/rules/{id}/retire'
  | '/api/v1/operator/pricing/package-fee/{id}/retire'
  | '/api/v1/operator/pricing/campaigns/{id}/retire';

/** Retire a catalogue entry after asking; quotes already made keep their price. */
export function retire(a: Action, what: string, path: Retirable, id: string, reload: () => void): void {
  if (!window.confirm(`Retire ${what}? Quotes already made keep their price; new quotes stop using it.`)) return;
  void a.run(`retire ${id}`, async () => {
    await api.post(path, { path: { id } });
    reload();
    return `Retired ${what}.`;
  });
}
