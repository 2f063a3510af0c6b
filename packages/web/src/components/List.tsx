import type { ReactNode } from 'react';
import type { Loaded } from '../lib/hooks';
import { ErrorMessage, Loading } from './ui';

/**
 * A collection loaded from the API, the same way on every page: progress while the first answer is on
 * its way (`Loading <what>…`), the API's error with its code, a sentence when there is nothing, and
 * otherwise `children` with the items (a `Table`, cards, a list).
 */
export function List<D, T>({
  loaded,
  what,
  items,
  empty,
  errorTitle,
  children,
}: {
  loaded: Loaded<D>;
  /** What is loading, in words: "your keys". */
  what: string;
  items: (data: D) => readonly T[];
  /** Shown when there are no items: a sentence, or any node. */
  empty: ReactNode;
  errorTitle?: string;
  children: (items: readonly T[], data: D) => ReactNode;
}) {
  const list = loaded.data ? items(loaded.data) : null;
  return (
    <>
      {loaded.loading && !loaded.data && <Loading what={what} />}
      <ErrorMessage error={loaded.error} title={errorTitle ?? `Could not load ${what}`} />
      {list && loaded.data && (list.length === 0 ? typeof empty === 'string' ? <p>{empty}</p> : empty : children(list, loaded.data))}
    </>
  );
}
