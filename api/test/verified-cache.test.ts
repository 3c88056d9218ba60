// The verified-token cache: an entry never outlives its token, and the cache stays within its bound.
import { describe, expect, it } from 'vitest';
import { VerifiedCache } from '../src/plugins/external/verified-cache.js';

describe('VerifiedCache', () => {
  it('answers until the expiry, then forgets', () => {
    const cache = new VerifiedCache<string>(10);
    cache.set('token', 'claims', 1_000);
    expect(cache.get('token', 999)).toBe('claims');
    expect(cache.get('token', 1_000)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('orders by recency only near its bound: a hit while it is filling up does not protect an entry', () => {
    const cache = new VerifiedCache<number>(8);
    for (const k of ['a', 'b', 'c']) cache.set(k, 1, 10_000);
    expect(cache.get('a', 0)).toBe(1);
    for (const k of ['d', 'e', 'f', 'g', 'h', 'i']) cache.set(k, 1, 10_000);
    expect(cache.get('b', 0)).toBe(1);
    cache.set('j', 1, 10_000);
    expect([cache.get('a', 0), cache.get('c', 0), cache.get('b', 0), cache.size]).toEqual([undefined, undefined, 1, 8]);
  });

  it('drops the least recently used entry when full', () => {
    const cache = new VerifiedCache<number>(2);
    cache.set('a', 1, 10_000);
    cache.set('b', 2, 10_000);
    expect(cache.get('a', 0)).toBe(1);
    cache.set('c', 3, 10_000);
    expect(cache.get('b', 0)).toBeUndefined();
    expect([cache.get('a', 0), cache.get('c', 0), cache.size]).toEqual([1, 3, 2]);
  });
});
