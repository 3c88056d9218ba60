// The node refuses to run on uWebSockets.js' slow JavaScript fallback.
import { describe, expect, it } from 'vitest';
import { loadNativeUws } from '../src/transport/uws-native.js';
import { uniquePrefix } from './helpers/redis.js';
import { runMain, signalingEnv } from './helpers/signaling-process.js';
import { createTestKeys } from './helpers/tokens.js';

describe('native uWebSockets.js check', () => {
  it('loads the native binary in this process', () => {
    expect(typeof loadNativeUws().App).toBe('function');
  });

  it('exits with a clear message when the fallback is forced (UWS_USE_FALLBACK=1)', async () => {
    const keys = await createTestKeys();
    const env = { ...signalingEnv({ id: 'sig-fallback', prefix: uniquePrefix('fallback'), keys }), UWS_USE_FALLBACK: '1' };
    const r = await runMain(env);
    expect(r.code).toBe(1);
    expect(r.output).toContain('uWebSockets.js native binary did not load');
  });

  it('exits with one line naming a bad environment variable', async () => {
    const keys = await createTestKeys();
    const env = { ...signalingEnv({ id: 'sig-badenv', prefix: uniquePrefix('badenv'), keys }), SIGNALING_PORT: 'eighty' };
    const r = await runMain(env);
    expect(r.code).toBe(1);
    expect(r.output.trim()).toMatch(/^signaling: invalid environment variable SIGNALING_PORT: /);
  });
});
