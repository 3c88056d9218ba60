import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './helpers/harness.js';
import { multipart, PNG, WAV } from './helpers/fixtures.js';
import { signup, type TestUser } from './helpers/users.js';

let h: Harness;
let dir: string;
let ann: TestUser;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'coope-uploads-'));
  h = await createHarness({ env: { STORAGE_DIR: dir, UPLOAD_MAX_BYTES: '4096' } });
  ann = await signup(h.app, 'Ann');
});
afterAll(async () => {
  await h.close();
  await rm(dir, { recursive: true, force: true });
});

const upload = (user: TestUser, url: string, file: Buffer, name: string, type: string) => {
  const body = multipart(file, name, type);
  return h.app.inject({ method: 'POST', url, payload: body.payload, headers: { ...user.headers, ...body.headers } });
};

describe('uploads', () => {
  it('sets an avatar from a sniffed PNG and serves it with immutable cache headers', async () => {
    const res = await upload(ann, '/me/avatar', PNG, 'me.jpg', 'image/jpeg');
    expect(res.statusCode).toBe(200);
    const url = res.json().avatarUrl as string;
    expect(url).toMatch(/^\/files\/avatar-[0-9a-f-]+\.png$/);
    const file = await h.app.inject({ method: 'GET', url });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect(file.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.rawPayload.equals(PNG)).toBe(true);
    const again = await h.app.inject({ method: 'GET', url, headers: { 'if-none-match': file.headers.etag as string } });
    expect(again.statusCode).toBe(304);
  });

  it('judges by content, not by name or claimed type', async () => {
    const html = Buffer.from('<html><script>alert(1)</script></html>');
    const res = await upload(ann, '/me/avatar', html, 'cute.png', 'image/png');
    expect(res.statusCode).toBe(415);
    expect(res.json()).toEqual({ code: 'unsupported_type', message: 'Unsupported file type; allowed: png, jpg, gif, webp' });
    expect((await upload(ann, '/me/avatar', WAV, 'a.png', 'image/png')).statusCode).toBe(415);
  });

  it('refuses files over the size limit and requests without a file', async () => {
    const big = Buffer.concat([PNG, Buffer.alloc(5000)]);
    const res = await upload(ann, '/me/avatar', big, 'big.png', 'image/png');
    expect(res.statusCode).toBe(413);
    expect(res.json()).toEqual({ code: 'file_too_large', message: 'File must be at most 4 KiB' });
    const json = await h.app.inject({ method: 'POST', url: '/me/avatar', headers: ann.headers, payload: { a: 1 } });
    expect(json.statusCode).toBe(415);
  });

  it('sets a document cover for editors only', async () => {
    const ws = (await h.app.inject({ method: 'POST', url: '/workspaces', headers: ann.headers, payload: { name: 'W' } })).json();
    const doc = (await h.app.inject({ method: 'POST', url: `/workspaces/${ws.id}/documents`, headers: ann.headers, payload: { title: 'D' } })).json();
    const res = await upload(ann, `/documents/${doc.id}/cover`, PNG, 'c.png', 'image/png');
    expect(res.json().coverUrl).toMatch(/^\/files\/cover-.+\.png$/);
    const stranger = await signup(h.app, 'Stranger');
    expect((await upload(stranger, `/documents/${doc.id}/cover`, PNG, 'c.png', 'image/png')).statusCode).toBe(404);
  });

  it('stores images for the blocks of a document: editors only, sniffed, size-limited, tied to the document', async () => {
    const ws = (await h.app.inject({ method: 'POST', url: '/workspaces', headers: ann.headers, payload: { name: 'W' } })).json();
    const doc = (await h.app.inject({ method: 'POST', url: `/workspaces/${ws.id}/documents`, headers: ann.headers, payload: { title: 'D' } })).json();
    const res = await upload(ann, `/documents/${doc.id}/images`, PNG, 'shot.jpg', 'image/jpeg');
    expect(res.statusCode).toBe(201);
    const image = res.json() as { url: string; contentType: string; size: number };
    expect(image).toEqual({ url: expect.stringMatching(/^\/files\/image-[0-9a-f-]+\.png$/), contentType: 'image/png', size: PNG.length });
    const file = await h.app.inject({ method: 'GET', url: image.url });
    expect(file.headers['content-type']).toBe('image/png');
    expect(file.rawPayload.equals(PNG)).toBe(true);
    const row = await h.db.selectFrom('uploads').select(['kind', 'document_id', 'owner_id']).where('storage_key', '=', image.url.slice(7)).executeTakeFirst();
    expect(row).toEqual({ kind: 'image', document_id: doc.id, owner_id: ann.id });
    const html = Buffer.from('<svg onload="alert(1)"></svg>');
    expect((await upload(ann, `/documents/${doc.id}/images`, html, 'x.png', 'image/png')).statusCode).toBe(415);
    expect((await upload(ann, `/documents/${doc.id}/images`, Buffer.concat([PNG, Buffer.alloc(5000)]), 'b.png', 'image/png')).statusCode).toBe(413);
    const stranger = await signup(h.app, 'Stranger');
    expect((await upload(stranger, `/documents/${doc.id}/images`, PNG, 'c.png', 'image/png')).statusCode).toBe(404);
  });

  it('never serves a path outside the storage folder', async () => {
    for (const url of ['/files/..%2F..%2Fetc%2Fpasswd', '/files/..', '/files/%2Fetc%2Fpasswd', '/files/a%00.png']) {
      expect((await h.app.inject({ method: 'GET', url })).statusCode, url).toBe(404);
    }
  });
});
