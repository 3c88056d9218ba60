import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../src/transport/rate-limiter.js';

describe('token bucket', () => {
  it('allows a burst, then the sustained rate', () => {
    const b = new TokenBucket(10, 5, 0);
    for (let i = 0; i < 5; i++) expect(b.take(0)).toBe(true);
    expect(b.take(0)).toBe(false);
    expect(b.take(50)).toBe(false); // half a token
    expect(b.take(100)).toBe(true); // one token after 100 ms at 10/s
    expect(b.take(100)).toBe(false);
  });

  it('never holds more than the burst', () => {
    const b = new TokenBucket(100, 3, 0);
    b.take(0);
    let granted = 0;
    for (let i = 0; i < 10; i++) if (b.take(60_000)) granted++;
    expect(granted).toBe(3);
  });
});
