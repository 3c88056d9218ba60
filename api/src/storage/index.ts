// Picks the storage backend from the config: S3 when a bucket is set, the filesystem otherwise.
import type { Config } from '../config.js';
import { FsStorage } from './fs-storage.js';
import { S3Storage } from './s3-storage.js';
import type { Storage } from './storage.js';

export function storageFromConfig(c: Config): Storage {
  if (c.S3_BUCKET) {
    return new S3Storage({
      bucket: c.S3_BUCKET,
      region: c.S3_REGION,
      endpoint: c.S3_ENDPOINT,
      forcePathStyle: c.S3_FORCE_PATH_STYLE,
      accessKeyId: c.S3_ACCESS_KEY_ID,
      secretAccessKey: c.S3_SECRET_ACCESS_KEY,
    });
  }
  return new FsStorage(c.STORAGE_DIR);
}
