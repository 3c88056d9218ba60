// A tiny typed event emitter (browser-safe: no node:events).
export class TypedEmitter<T extends object> {
  readonly #listeners = new Map<keyof T, Set<(value: never) => void>>();

  on<K extends keyof T>(event: K, fn: (value: T[K]) => void): () => void {
    let set = this.#listeners.get(event);
    if (!set) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    set.add(fn as (value: never) => void);
    return () => set.delete(fn as (value: never) => void);
  }

  once<K extends keyof T>(event: K): Promise<T[K]> {
    return new Promise((resolve) => {
      const off = this.on(event, (v) => {
        off();
        resolve(v);
      });
    });
  }

  emit<K extends keyof T>(event: K, value: T[K]): void {
    for (const fn of [...(this.#listeners.get(event) ?? [])]) (fn as (v: T[K]) => void)(value);
  }
}
