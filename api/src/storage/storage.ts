// Where uploaded bytes live. Keys are opaque names chosen by the api, never by the client.
import type { Readable } from 'node:stream';

export interface StoredObject {
  body: Readable;
  size: number;
}

export interface Storage {
  put(key: string, data: Buffer, contentType: string): Promise<void>;
  /** null when there is no such object. */
  get(key: string): Promise<StoredObject | null>;
  delete(key: string): Promise<void>;
}

const KEY = /^[A-Za-z0-9][A-Za-z0-9_-]{0,100}(\.[a-z0-9]{1,8})?$/;

/** Keys are flat names: no separators, no dots except one extension, so they cannot escape a folder. */
export function isValidKey(key: string): boolean {
  return KEY.test(key);
}
