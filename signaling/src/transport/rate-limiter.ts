// Token bucket per socket: `ratePerSec` tokens refill continuously up to `burst`; one event costs one token.
export class TokenBucket {
  #tokens: number;
  #last: number;

  constructor(
    readonly ratePerSec: number,
    readonly burst: number,
    now: number = performance.now(),
  ) {
    this.#tokens = burst;
    this.#last = now;
  }

  take(now: number = performance.now(), cost = 1): boolean {
    const elapsed = Math.max(0, now - this.#last) / 1000;
    this.#last = now;
    this.#tokens = Math.min(this.burst, this.#tokens + elapsed * this.ratePerSec);
    if (this.#tokens < cost) return false;
    this.#tokens -= cost;
    return true;
  }
}
