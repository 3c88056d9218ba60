// Every Redis key of the collab service, built from one prefix.
export class CollabKeys {
  readonly #prefix: string;

  constructor(prefix: string) {
    this.#prefix = prefix;
  }

  /** Stream of one document: entries { n: node id, t: send time ms, k: kind, d: payload }. */
  stream(documentId: string): string {
    return `${this.#prefix}doc:{${documentId}}`;
  }

  /** Document id back from a stream key, or null for a foreign key. */
  documentOf(streamKey: string): string | null {
    const head = `${this.#prefix}doc:{`;
    if (!streamKey.startsWith(head) || !streamKey.endsWith('}')) return null;
    return streamKey.slice(head.length, -1);
  }

  /** Sorted set: document id => time (ms) of its oldest stream entry not yet compacted. */
  pending(): string {
    return `${this.#prefix}compact:pending`;
  }

  /** Pub/sub channel: JSON requests to close connections of a user on some documents, of a sign-in session, or of a user (MemberSessions). */
  memberSessions(): string {
    return `${this.#prefix}member-sessions`;
  }

  /** String: random token of the compactor currently holding the document (PX lockTtlMs). */
  compactLock(documentId: string): string {
    return `${this.#prefix}compact:lock:{${documentId}}`;
  }
}
