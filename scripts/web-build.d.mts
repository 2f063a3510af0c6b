/** Types for scripts/web-build.mjs (plain JS so `npm start` can run it before tsx is registered). */
export function webSources(): string[];
export function staleReason(): string | null;
export function ensureWebBuilt(opts?: { force?: boolean; log?: (message: string) => void }): boolean;
