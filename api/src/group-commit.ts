// Application-level group commit: calls made close together are written by one `commit` call.
// A call waits at most one turn of the event loop (setImmediate) when a commit slot is free; while
// every slot is busy, calls pile up and leave together as soon as one frees. Each call settles only
// after its batch's commit has settled, so an answer is never given for work that was not stored.

export interface GroupCommitOptions {
  /** Largest batch handed to one commit. */
  maxBatch: number;
  /** Commits running at once; more calls wait for a slot, which is what grows the batches under load. */
  maxInFlight: number;
}

/**
 * Writes a batch; returns one result per item, in order. An item's Error rejects only that call;
 * a thrown error rejects every call in the batch.
 */
export type CommitBatch<T, R> = (items: T[]) => Promise<Array<R | Error>>;

interface Pending<T, R> {
  item: T;
  resolve(value: R): void;
  reject(err: unknown): void;
}

export class GroupCommit<T, R> {
  #queue: Array<Pending<T, R>> = [];
  #scheduled = false;
  #inFlight = 0;

  constructor(
    private readonly commit: CommitBatch<T, R>,
    private readonly options: GroupCommitOptions,
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#queue.push({ item, resolve, reject });
      if (this.#queue.length >= this.options.maxBatch) this.#drain();
      else if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => {
          this.#scheduled = false;
          this.#drain();
        });
      }
    });
  }

  /** Calls waiting for a batch (for tests and metrics). */
  get waiting(): number {
    return this.#queue.length;
  }

  #drain(): void {
    while (this.#queue.length > 0 && this.#inFlight < this.options.maxInFlight) {
      void this.#run(this.#queue.splice(0, this.options.maxBatch));
    }
  }

  async #run(batch: Array<Pending<T, R>>): Promise<void> {
    this.#inFlight++;
    try {
      const results = await this.commit(batch.map((p) => p.item));
      batch.forEach((p, i) => {
        const r = results[i];
        if (r instanceof Error) p.reject(r);
        else if (r === undefined) p.reject(new Error('group commit returned no result for an item'));
        else p.resolve(r);
      });
    } catch (err) {
      for (const p of batch) p.reject(err);
    } finally {
      this.#inFlight--;
      this.#drain();
    }
  }
}
