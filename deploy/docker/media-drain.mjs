#!/usr/bin/env node
// Drains the media node running next to this script (a Kubernetes preStop hook, or by hand before
// maintenance): calls the node's `drain` RPC, then waits until it holds no rooms, until its drain
// deadline (plus grace) has passed, or until it is gone. Dependency-free; needs Node 20's
// `--experimental-websocket` flag (Node >= 22 has WebSocket built in):
//
//   node --experimental-websocket media-drain.mjs
//
// Environment: MEDIA_RPC_SECRET (required), MEDIA_RPC_PORT (default 4201), MEDIA_DRAIN_HOST
// (default 127.0.0.1), MEDIA_DRAIN_DEADLINE_MS (optional: overrides the node's deadline),
// MEDIA_DRAIN_GRACE_MS (default 5000), MEDIA_DRAIN_POLL_MS (default 1000).
// Exit codes: 0 drained (or nothing to drain), 1 the node refused or the call failed, 2 bad usage.

const env = process.env;
const port = Number(env.MEDIA_RPC_PORT ?? 4201);
const host = env.MEDIA_DRAIN_HOST ?? '127.0.0.1';
const secret = env.MEDIA_RPC_SECRET ?? '';
const graceMs = Number(env.MEDIA_DRAIN_GRACE_MS ?? 5000);
const pollMs = Number(env.MEDIA_DRAIN_POLL_MS ?? 1000);
const ROOMS_METRIC = /^coope_media_rooms(?:\{[^}]*\})?\s+([0-9.eE+-]+)/m;

function log(msg, fields = {}) {
  console.log(JSON.stringify({ time: new Date().toISOString(), msg, ...fields }));
}

/** Sends one RPC request over a fresh WebSocket and resolves with its reply (or an error reply). */
function callRpc(method, params, timeoutMs = 10_000) {
  const url = `ws://${host}:${port}/rpc?secret=${encodeURIComponent(secret)}`;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const timer = setTimeout(() => {
      ws.close();
      reject(new Error(`no reply to ${method} within ${timeoutMs} ms`));
    }, timeoutMs);
    ws.addEventListener('open', () => ws.send(JSON.stringify({ id: 1, method, params })));
    ws.addEventListener('message', (ev) => {
      let frame;
      try {
        frame = JSON.parse(String(ev.data));
      } catch {
        return; // not ours
      }
      if (frame.id !== 1) return; // events
      clearTimeout(timer);
      ws.close();
      resolve(frame);
    });
    ws.addEventListener('error', () => {
      clearTimeout(timer);
      reject(new Error(`cannot reach the media node's RPC at ws://${host}:${port}/rpc`));
    });
  });
}

/** Rooms the node still holds, from its /metrics; undefined when the node no longer answers. */
async function roomsLeft() {
  try {
    const res = await fetch(`http://${host}:${port}/metrics`, { signal: AbortSignal.timeout(2000) });
    if (!res.ok) return undefined;
    const m = ROOMS_METRIC.exec(await res.text());
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

async function main() {
  if (typeof WebSocket !== 'function') {
    log('no WebSocket in this Node; run with --experimental-websocket');
    return 2;
  }
  if (secret.length < 8) {
    log('MEDIA_RPC_SECRET is not set');
    return 2;
  }
  const params = env.MEDIA_DRAIN_DEADLINE_MS ? { deadlineMs: Number(env.MEDIA_DRAIN_DEADLINE_MS) } : {};
  let reply;
  try {
    reply = await callRpc('drain', params);
  } catch (err) {
    log('drain call failed; nothing to drain', { err: String(err.message ?? err) });
    return 0;
  }
  if (!reply.ok) {
    log('drain refused', { code: reply.code, message: reply.message });
    return 1;
  }
  const deadline = Number(reply.result?.deadline);
  log('draining', { deadline: new Date(deadline).toISOString() });
  for (;;) {
    const rooms = await roomsLeft();
    if (rooms === undefined) return done('node gone');
    if (rooms === 0) return done('no rooms left');
    if (Date.now() > deadline + graceMs) return done('deadline passed', { rooms });
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

function done(reason, fields = {}) {
  log('drain finished', { reason, ...fields });
  return 0;
}

process.exitCode = await main();
