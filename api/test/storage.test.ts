import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsStorage } from '../src/storage/fs-storage.js';
import { S3Storage } from '../src/storage/s3-storage.js';
import { sniff } from '../src/storage/sniff.js';
import { startFakeS3 } from './helpers/fake-s3.js';
import { GIF, JPEG, MP3_FRAME, MP3_ID3, MP4, OGG, PNG, WAV, WEBM, WEBP } from './helpers/fixtures.js';

describe('sniff', () => {
  it('recognises every allowed type by its magic bytes', () => {
    expect(sniff(PNG)).toBe('image/png');
    expect(sniff(JPEG)).toBe('image/jpeg');
    expect(sniff(GIF)).toBe('image/gif');
    expect(sniff(WEBP)).toBe('image/webp');
    expect(sniff(WAV)).toBe('audio/wav');
    expect(sniff(OGG)).toBe('audio/ogg');
    expect(sniff(WEBM)).toBe('audio/webm');
    expect(sniff(MP3_ID3)).toBe('audio/mpeg');
    expect(sniff(MP3_FRAME)).toBe('audio/mpeg');
    expect(sniff(MP4)).toBe('audio/mp4');
  });

  it('rejects text, HTML, SVG, truncated headers and random bytes', () => {
    expect(sniff(Buffer.from('hello world'))).toBeNull();
    expect(sniff(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>'))).toBeNull();
    expect(sniff(Buffer.from('<!doctype html><script>alert(1)</script>'))).toBeNull();
    expect(sniff(PNG.subarray(0, 4))).toBeNull();
    expect(sniff(Buffer.from([0xff, 0xff, 0xff, 0xff]))).toBeNull();
    expect(sniff(Buffer.alloc(0))).toBeNull();
  });
});

describe('filesystem storage', () => {
  let root: string;
  let storage: FsStorage;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'coope-storage-'));
    storage = new FsStorage(path.join(root, 'uploads'));
  });
  afterAll(async () => rm(root, { recursive: true, force: true }));

  it('stores, reads and deletes an object', async () => {
    await storage.put('a-1.txt', Buffer.from('hi'));
    const got = await storage.get('a-1.txt');
    expect(got?.size).toBe(2);
    expect(await text(got!.body)).toBe('hi');
    await storage.delete('a-1.txt');
    expect(await storage.get('a-1.txt')).toBeNull();
  });

  it('cannot be made to read or write outside its folder', async () => {
    const evil = ['../escape.txt', '..', '.', '../../etc/passwd', '/etc/passwd', 'a/b.txt', 'a\\b.txt', '..%2Fx', 'x\0.txt', '.hidden', 'a..b', ''];
    for (const key of evil) {
      await expect(storage.put(key, Buffer.from('x'), 'text/plain'), key).rejects.toMatchObject({ code: 'invalid_key' });
      await expect(storage.get(key), key).rejects.toMatchObject({ code: 'invalid_key' });
      await expect(storage.delete(key), key).rejects.toMatchObject({ code: 'invalid_key' });
    }
    expect(await readdir(root)).toEqual(['uploads']);
  });
});

describe('S3 storage', () => {
  it('puts, gets and deletes through the S3 wire protocol at a configurable endpoint', async () => {
    const s3 = await startFakeS3();
    const storage = new S3Storage({
      bucket: 'coope',
      region: 'us-east-1',
      endpoint: s3.endpoint,
      forcePathStyle: true,
      accessKeyId: 'test',
      secretAccessKey: 'test',
    });
    try {
      await storage.put('cover-1.png', PNG, 'image/png');
      expect(s3.objects.get('/coope/cover-1.png')).toEqual({ body: PNG, type: 'image/png' });
      const got = await storage.get('cover-1.png');
      expect(got?.size).toBe(PNG.length);
      expect(await storage.get('missing.png')).toBeNull();
      await storage.delete('cover-1.png');
      expect(s3.objects.size).toBe(0);
      await expect(storage.put('../x', PNG, 'image/png')).rejects.toMatchObject({ code: 'invalid_key' });
    } finally {
      storage.destroy();
      await s3.close();
    }
  });
});
