// Local filesystem storage (the default). Every key is checked twice: by shape, then by the resolved path.
import { constants } from 'node:fs';
import { type FileHandle, mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../errors.js';
import { isValidKey, type Storage, type StoredObject } from './storage.js';

/** Missing, a link (ELOOP under O_NOFOLLOW) or a directory: nothing to serve. */
const NOT_SERVABLE = new Set(['ENOENT', 'ELOOP', 'EISDIR', 'ENOTDIR']);

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
    let handle: FileHandle | undefined;
    try {
      // O_NOFOLLOW: a link planted in the folder must not serve a file from outside it.
      handle = await open(this.pathOf(key), constants.O_RDONLY | constants.O_NOFOLLOW);
      const info = await handle.stat();
      if (!info.isFile()) {
        await handle.close();
        return null;
      }
      return { body: handle.createReadStream(), size: info.size };
    } catch (err) {
      await handle?.close();
      if (NOT_SERVABLE.has((err as NodeJS.ErrnoException).code ?? '')) return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}
