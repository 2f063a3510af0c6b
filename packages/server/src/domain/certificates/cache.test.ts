import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getTableConfig } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR } from '../../db/migrate.js';
import { certificates } from '../../db/schema/index.js';
import { CacheCoherence, CoherentCache } from './coherence.js';

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('CoherentCache', () => {
  it('keeps an entry until its change notice while notices flow', async () => {
    const c = new CacheCoherence(1);
    c.setListening(true);
    const cache = new CoherentCache<number>(c, 10);
    let loads = 0;
    const load = async () => ++loads;
    expect(await cache.get('a', load)).toBe(1);
    await new Promise((r) => setTimeout(r, 5)); // longer than the TTL
    expect(await cache.get('a', load)).toBe(1);
    c.changed('b');
    expect(await cache.get('a', load)).toBe(1);
    c.changed('a');
    expect(await cache.get('a', load)).toBe(2);
  });

  it('does not keep a value read while a change notice arrived (it may predate the change)', async () => {
    const c = new CacheCoherence(60_000);
    c.setListening(true);
    const cache = new CoherentCache<string>(c, 10);
    const slow = deferred<string>();
    const pending = cache.get('a', () => slow.promise);
    c.changed('a');
    slow.resolve('old');
    expect(await pending).toBe('old');
    expect(await cache.get('a', async () => 'new')).toBe('new');
  });

  it('drops everything and falls back to the TTL when notices may have been missed', async () => {
    const c = new CacheCoherence(20);
    c.setListening(true);
    const cache = new CoherentCache<number>(c, 10);
    let loads = 0;
    const load = async () => ++loads;
    await cache.get('a', load);
    c.setListening(false);
    expect(cache.size).toBe(0);
    expect(await cache.get('a', load)).toBe(2);
    expect(await cache.get('a', load)).toBe(2);
    await new Promise((r) => setTimeout(r, 30));
    expect(await cache.get('a', load)).toBe(3);
  });

  it('evicts the oldest entry beyond its size, but keeps an old entry that is used', async () => {
    const c = new CacheCoherence(60_000);
    c.setListening(true);
    const cache = new CoherentCache<string>(c, 4);
    for (const k of ['a', 'b', 'c', 'd']) await cache.get(k, async () => k);
    await cache.get('a', async () => 'a2'); // a is used: when its turn comes it gets a second chance
    await cache.get('e', async () => 'e'); // a moves to the young end; b, unused, goes
    expect(await cache.get('a', async () => 'a3')).toBe('a');
    expect(await cache.get('b', async () => 'b2')).toBe('b2');
    expect(cache.size).toBe(4);
  });

  it('when every entry was used, unmarks them all and evicts the oldest, never the new one', async () => {
    const c = new CacheCoherence(60_000);
    c.setListening(true);
    const cache = new CoherentCache<string>(c, 3);
    for (const k of ['a', 'b', 'c']) await cache.get(k, async () => k);
    for (const k of ['a', 'b', 'c']) expect(cache.peek(k)).toBe(k);
    await cache.get('d', async () => 'd');
    expect(cache.size).toBe(3);
    expect(cache.peek('d')).toBe('d');
    expect(cache.peek('a')).toBeUndefined();
    expect([cache.peek('b'), cache.peek('c')]).toEqual(['b', 'c']);
  });

  it('caches nothing with a TTL of 0', async () => {
    const off = new CacheCoherence(0);
    off.setListening(true);
    const none = new CoherentCache<string>(off, 2);
    await none.get('a', async () => 'a');
    expect(none.size).toBe(0);
  });
});

describe('the certificate change trigger', () => {
  it('names every column of sigma.certificates but views (a new column must be added to it)', () => {
    // The latest migration that (re)creates the trigger holds its column list.
    const file = readdirSync(MIGRATIONS_DIR)
      .filter((f) => f.endsWith('.sql') && /CREATE TRIGGER certificates_changed/.test(readFileSync(join(MIGRATIONS_DIR, f), 'utf8')))
      .sort()
      .at(-1)!;
    const text = readFileSync(join(MIGRATIONS_DIR, file), 'utf8');
    const listed = /AFTER UPDATE OF ([\s\S]*?)\s+ON sigma\.certificates/
      .exec(text)![1]!
      .split(',')
      .map((c) => c.trim());
    const columns = getTableConfig(certificates)
      .columns.map((c) => c.name)
      .filter((c) => c !== 'views');
    expect([...listed].sort()).toEqual([...columns].sort());
  });
});
