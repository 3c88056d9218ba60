// A broken multipart body (no boundary, cut-off body) is the client's fault: a 400 JSON error, never a 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../helpers/harness.js';
import { signup, type TestUser } from '../helpers/users.js';

let h: Harness;
let user: TestUser;
beforeAll(async () => {
  h = await createHarness();
  user = await signup(h.app, 'Uploader');
});
afterAll(async () => h.close());

const BROKEN: [string, string, string][] = [
  ['no boundary', 'multipart/form-data', ''],
  ['a body cut off before the closing boundary', 'multipart/form-data; boundary=----b', '------b\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\nxx'],
];

describe('malformed multipart uploads', () => {
  it.each(BROKEN)('answers %s with a 400 JSON error', async (_what, contentType, payload) => {
    const res = await h.app.inject({ method: 'POST', url: '/me/avatar', headers: { ...user.headers, 'content-type': contentType }, payload });
    expect(res.statusCode).toBe(400);
  });

  it('still answers a well-formed multipart body without a file part with 400', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/me/avatar', headers: { ...user.headers, 'content-type': 'multipart/form-data; boundary=x' }, payload: 'garbage' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'file_required' });
  });
});
