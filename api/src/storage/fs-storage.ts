// Local filesystem storage (the default). Every key is checked twice: by shape, then by the resolved path.
import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../errors.js';
import { isValidKey, type Storage, type StoredObject } from './storage.js';

export class FsStorage implements Storage {
  readonly #root: string;
  #ready: Promise<unknown> | null = null;

  constructor(root: string) {
    this.#root = path.resolve(root);
  }

  /** The file of a key, or an error when the key could point outside the root. */
  pathOf(key: string): string {
    if (!isValidKey(key)) throw new AppError('invalid_key', 400, 'Invalid file name');
    const file = path.resolve(this.#root, key);
    if (path.dirname(file) !== this.#root) throw new AppError('invalid_key', 400, 'Invalid file name');
    return file;
  }

  async put(key: string, data: Buffer, _contentType?: string): Promise<void> {
    const file = this.pathOf(key);
    this.#ready ??= mkdir(this.#root, { recursive: true });
    await this.#ready;
    // Write then rename, so a reader never sees half a file.
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, data);
    await rename(tmp, file);
  }

  async get(key: string): Promise<StoredObject | null> {
    const file = this.pathOf(key);
    try {
      const info = await stat(file);
      if (!info.isFile()) return null;
      return { body: createReadStream(file), size: info.size };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}
