// Co-editing load: editors spread over documents (and over api nodes when COLLAB_URLS lists several)
// append text through the /collab WebSocket with hand-encoded Yjs updates. Each update carries its
// send time, so every other editor of the document measures propagation; `?ack=1` acks measure durability.
import { check } from 'k6';
import exec from 'k6/execution';
import { Counter, Rate, Trend } from 'k6/metrics';
import type { Options } from 'k6/options';
import { clearInterval, setInterval, setTimeout } from 'k6/timers';
import { WebSocket } from 'k6/websockets';
import { createDocument, createWorkspace, jsonOf, loginOrSignup } from './lib/api.ts';
import { API_URL, envNumber, envString } from './lib/env.ts';
import { decodeCollabFrame, encodeAppendUpdate, encodeEmptySyncStep2, encodeSyncStep1, encodeSyncUpdate, MESSAGE_SYNC, newTextWriter, stringsOfUpdate, SYNC_STEP1, SYNC_STEP2, SYNC_UPDATE } from './lib/yjs-frames.ts';

const EDITORS = envNumber('EDITORS', 50);
const DOCS = envNumber('DOCS', 5);
const EDIT_INTERVAL_MS = envNumber('EDIT_INTERVAL_MS', 200);
const SESSION_SECONDS = envNumber('SESSION_SECONDS', 30);
const ROOT = envString('COLLAB_ROOT', 'k6-load');
const COLLAB_URLS = envString('COLLAB_URLS', API_URL).split(',').map((u) => u.trim().replace(/^http/, 'ws'));
const MESSAGE_ACK = 100;

const propagationMs = new Trend('collab_propagation_ms', true);
const ackMs = new Trend('collab_ack_ms', true);
const syncMs = new Trend('collab_initial_sync_ms', true);
const sent = new Counter('collab_updates_sent');
const received = new Counter('collab_updates_received');
const connected = new Rate('collab_connect_ok');

export const options: Options = {
  setupTimeout: '5m',
  scenarios: {
    editors: { executor: 'constant-vus', vus: EDITORS, duration: __ENV.DURATION ?? '2m' },
  },
  thresholds: {
    collab_propagation_ms: ['p(99)<50', 'p(50)<20'],
    collab_ack_ms: ['p(99)<100'],
    collab_initial_sync_ms: ['p(95)<500'],
    collab_connect_ok: ['rate>0.99'],
  },
};

interface Data {
  token: string;
  documents: string[];
}

export function setup(): Data {
  const owner = loginOrSignup(envNumber('USER_OFFSET', 0));
  const workspaceId = createWorkspace(owner, 'k6 collab');
  const documents: string[] = [];
  for (let i = 0; i < DOCS; i++) documents.push(jsonOf<{ id: string }>(createDocument(owner, workspaceId, `k6 doc ${i}`)).id);
  return { token: owner.accessToken, documents };
}

/** Parses "<client>@<ms>;" markers out of inserted strings; skips our own. */
function samplePropagation(update: Uint8Array, self: number): void {
  for (const text of stringsOfUpdate(update) ?? []) {
    for (const marker of text.split(';')) {
      const [client, ms] = marker.split('@');
      if (!ms || Number(client) === self) continue;
      propagationMs.add(Date.now() - Number(ms));
      received.add(1);
    }
  }
}

export default function (data: Data): Promise<void> {
  const vu = exec.vu.idInTest;
  const doc = data.documents[vu % data.documents.length]!;
  const base = COLLAB_URLS[vu % COLLAB_URLS.length]!;
  const writer = newTextWriter(ROOT, (vu * 2654435761 + exec.vu.iterationInScenario) % 2 ** 32);
  const pendingAcks: number[] = [];
  const opened = Date.now();
  const ws = new WebSocket(`${base}/collab/${doc}?ack=1&token=${encodeURIComponent(data.token)}`);
  ws.binaryType = 'arraybuffer';
  let synced = false;
  let ticker: ReturnType<typeof setInterval> | null = null;
  return new Promise((resolve) => {
    const finish = () => {
      if (ticker) clearInterval(ticker);
      ws.close();
      resolve();
    };
    ws.onopen = () => ws.send(encodeSyncStep1().buffer as ArrayBuffer);
    ws.onerror = () => {
      connected.add(false);
      finish();
    };
    ws.onclose = () => finish();
    ws.onmessage = (e) => {
      if (!e || typeof e.data === 'string') return;
      const frame = decodeCollabFrame(new Uint8Array(e.data as ArrayBuffer));
      if (frame.message === MESSAGE_ACK) {
        const sentAt = pendingAcks.shift();
        if (sentAt !== undefined) ackMs.add(Date.now() - sentAt);
      } else if (frame.message === MESSAGE_SYNC && frame.syncType === SYNC_STEP1) {
        ws.send(encodeEmptySyncStep2().buffer as ArrayBuffer);
        pendingAcks.push(Date.now()); // the server acks our (empty) step 2 like any write
      } else if (frame.message === MESSAGE_SYNC && frame.syncType === SYNC_STEP2 && !synced) {
        synced = true;
        connected.add(true);
        syncMs.add(Date.now() - opened);
        ticker = setInterval(() => {
          const update = encodeAppendUpdate(writer, `${writer.clientId}@${Date.now()};`);
          pendingAcks.push(Date.now());
          ws.send(encodeSyncUpdate(update).buffer as ArrayBuffer);
          sent.add(1);
        }, EDIT_INTERVAL_MS);
      } else if (frame.message === MESSAGE_SYNC && frame.syncType === SYNC_UPDATE) {
        samplePropagation(frame.payload, writer.clientId);
      }
    };
    setTimeout(() => {
      check(synced, { 'initial sync done': (s) => s });
      finish();
    }, SESSION_SECONDS * 1000);
  });
}
