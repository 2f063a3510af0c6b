/**
 * Typed facts that rules share beyond the built-in `Facts` (for example a data-flow model that a
 * later rule reads). A key names one fact and carries its type; keys are compared by identity.
 */
export interface FactKey<T> {
  readonly name: string;
  /** Type marker only; never set. */
  readonly _type?: T;
}

export function factKey<T>(name: string): FactKey<T> {
  return Object.freeze({ name });
}

export class FactStore {
  private readonly values = new Map<FactKey<unknown>, unknown>();

  get<T>(key: FactKey<T>): T | undefined {
    return this.values.get(key) as T | undefined;
  }

  set<T>(key: FactKey<T>, value: T): void {
    this.values.set(key, value);
  }

  has(key: FactKey<unknown>): boolean {
    return this.values.has(key);
  }
}
