// A bounded map of verified tokens, keyed by the exact token string, each entry dropped at its expiry.
// Insertion order is the eviction order; once the cache is three quarters full, a hit moves the entry to
// the back (least recently used first out).
export class VerifiedCache<T> {
  readonly #entries = new Map<string, { value: T; untilMs: number }>();

  readonly #moveFrom: number;

  constructor(readonly maxEntries: number) {
    this.#moveFrom = Math.floor(maxEntries * 0.75);
  }

  get(key: string, nowMs: number): T | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.untilMs <= nowMs) {
      this.#entries.delete(key);
      return undefined;
    }
    // Recency matters only once eviction is near: below that, a hit costs one lookup, not a re-insert.
    if (this.#entries.size >= this.#moveFrom) {
      this.#entries.delete(key);
      this.#entries.set(key, entry);
    }
    return entry.value;
  }

  set(key: string, value: T, untilMs: number): void {
    this.#entries.delete(key);
    if (this.#entries.size >= this.maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(key, { value, untilMs });
  }

  get size(): number {
    return this.#entries.size;
  }
}
