// S3 (or any S3-compatible endpoint) storage.
import type { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AppError } from '../errors.js';
import { isValidKey, type Storage, type StoredObject } from './storage.js';

export interface S3Options {
  bucket: string;
  region: string;
  endpoint?: string;
  forcePathStyle: boolean;
  accessKeyId?: string;
  secretAccessKey?: string;
}

export class S3Storage implements Storage {
  readonly #client: S3Client;
  readonly #bucket: string;

  constructor(o: S3Options) {
    this.#bucket = o.bucket;
    this.#client = new S3Client({
      region: o.region,
      endpoint: o.endpoint,
      forcePathStyle: o.forcePathStyle,
      // Plain PUTs with Content-MD5-free bodies work on every S3-compatible server (MinIO, R2, Ceph).
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      credentials: o.accessKeyId && o.secretAccessKey ? { accessKeyId: o.accessKeyId, secretAccessKey: o.secretAccessKey } : undefined,
    });
  }

  #check(key: string): string {
    if (!isValidKey(key)) throw new AppError('invalid_key', 400, 'Invalid file name');
    return key;
  }

  async put(key: string, data: Buffer, contentType: string): Promise<void> {
    await this.#client.send(new PutObjectCommand({ Bucket: this.#bucket, Key: this.#check(key), Body: data, ContentType: contentType }));
  }

  async get(key: string): Promise<StoredObject | null> {
    try {
      const res = await this.#client.send(new GetObjectCommand({ Bucket: this.#bucket, Key: this.#check(key) }));
      return { body: res.Body as Readable, size: Number(res.ContentLength ?? 0) };
    } catch (err) {
      if (err instanceof NoSuchKey || (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await this.#client.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key: this.#check(key) }));
  }

  destroy(): void {
    this.#client.destroy();
  }
}
