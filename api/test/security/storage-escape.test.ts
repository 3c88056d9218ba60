// Uploads cannot escape the storage directory: hostile file names in multipart uploads, hostile keys on
// /files/:key (encoded, double-encoded, overlong UTF-8, backslashes, absolute), planted symlinks, and files
// on disk that were never registered as uploads. Complements test/storage.test.ts and test/uploads.test.ts.
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsStorage } from '../../src/storage/fs-storage.js';
import { multipart, PNG } from '../helpers/fixtures.js';
import { createHarness, type Harness } from '../helpers/harness.js';
import { signup, type TestUser } from '../helpers/users.js';

let root: string;
let storageDir: string;
let outside: string;
let h: Harness;
let user: TestUser;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'coope-escape-'));
  storageDir = path.join(root, 'uploads');
  outside = path.join(root, 'outside.txt');
  await mkdir(storageDir);
  await writeFile(outside, 'outside secret');
  h = await createHarness({ env: { STORAGE_DIR: storageDir } });
  user = await signup(h.app, 'Uploader');
});
afterAll(async () => {
  await h?.close();
  await rm(root, { recursive: true, force: true });
});

const HOSTILE_NAMES = [
  '../../escape.png',
  '..\\..\\escape.png',
  '/tmp/absolute.png',
  `${'../'.repeat(20)}etc/passwd`,
  '..%2F..%2Fescape.png',
  '%2e%2e%2fescape.png',
  'a\u0000.png',
  '.htaccess',
  '....//....//escape.png',
  'C:\\escape.png',
];

describe('uploads with hostile file names', () => {
  it.each(HOSTILE_NAMES)('stores %j under a fresh flat key inside the folder', async (name) => {
    const body = multipart(PNG, name, 'image/png');
    const res = await h.app.inject({ method: 'POST', url: '/me/avatar', headers: { ...user.headers, ...body.headers }, payload: body.payload });
    expect(res.statusCode).toBe(200);
    expect(res.json().avatarUrl).toMatch(/^\/files\/avatar-[0-9a-f-]{36}\.png$/);
    expect(await readdir(root)).toEqual(['outside.txt', 'uploads']);
    for (const f of await readdir(storageDir)) expect(f).toMatch(/^avatar-[0-9a-f-]{36}\.png$/);
    expect(await readFile(outside, 'utf8')).toBe('outside secret');
  });
});

describe('serving hostile keys', () => {
  const urls = [
    '/files/..%2foutside.txt',
    '/files/..%5coutside.txt',
    '/files/%2e%2e%2foutside.txt',
    '/files/%252e%252e%252foutside.txt',
    '/files/%c0%ae%c0%ae%c0%afoutside.txt',
    '/files/..',
    '/files/.',
    '/files/%2Ftmp%2Fx',
    '/files//etc/passwd',
    '/files/avatar-x.png%2f..%2f..%2foutside.txt',
    '/files/outside.txt%00.png',
    '/files/../outside.txt',
    `/files/${'a'.repeat(300)}`,
  ];

  it.each(urls)('answers %s with a 4xx JSON error and no bytes from outside', async (url) => {
    const res = await h.app.inject({ method: 'GET', url });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect(res.body).not.toContain('outside secret');
    expect(res.json()).toHaveProperty('code');
  });

  it('never serves a file in the folder that is not a registered upload (e.g. a notes audio chunk)', async () => {
    await writeFile(path.join(storageDir, 'notes-chunk-1.bin'), 'private audio');
    const res = await h.app.inject({ method: 'GET', url: '/files/notes-chunk-1.bin' });
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('private audio');
  });
});

describe('symlinks planted in the storage folder', () => {
  it('a put over a planted link replaces the link and never writes through it', async () => {
    const storage = new FsStorage(storageDir);
    await symlink(outside, path.join(storageDir, 'planted-1.png'));
    await storage.put('planted-1.png', Buffer.from('new bytes'), 'image/png');
    expect(await readFile(outside, 'utf8')).toBe('outside secret');
    expect(await readFile(path.join(storageDir, 'planted-1.png'), 'utf8')).toBe('new bytes');
  });

  it('a delete of a planted link removes the link, not its target', async () => {
    const storage = new FsStorage(storageDir);
    await symlink(outside, path.join(storageDir, 'planted-2.png'));
    await storage.delete('planted-2.png');
    expect(await readFile(outside, 'utf8')).toBe('outside secret');
    expect(await readdir(storageDir)).not.toContain('planted-2.png');
  });

  // Defence in depth: a link planted in the folder by someone else is never followed.
  it('a planted link to a file outside is not read', async () => {
    await symlink(outside, path.join(storageDir, 'planted-3.png'));
    expect(await new FsStorage(storageDir).get('planted-3.png')).toBeNull();
  });

  it('a linked-to directory is not served as a file', async () => {
    await symlink(root, path.join(storageDir, 'planted-dir'));
    expect(await new FsStorage(storageDir).get('planted-dir')).toBeNull();
  });
});
