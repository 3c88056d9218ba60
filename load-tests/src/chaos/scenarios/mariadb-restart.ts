// MariaDB stopped and started again under load: each api node's readiness goes false, then true again by
// itself; no request hangs (a database-backed probe per node, and the chat senders' posts, time every
// request during the outage); chat resumes and no acknowledged message is lost.
import { ATTEMPT_TIMEOUT_MS } from '../chat-sender.js';
import type { ClusterNode } from '../cluster-node.js';
import { ReadinessWatch } from '../readiness-watch.js';
import type { Scenario, ScenarioContext } from '../scenario.js';
import { sleep, waitUntil } from '../wait.js';

function perNode(watch: ReadinessWatch, n: ClusterNode, stoppedAt: number, startingAt: number) {
  const wentFalse = watch.firstChange(n.baseUrl, false, stoppedAt);
  const backTrue = wentFalse === null ? null : watch.firstChange(n.baseUrl, true, wentFalse);
  return {
    node: n.name,
    falseAfterMs: wentFalse === null ? null : wentFalse - stoppedAt,
    notReadyMs: wentFalse === null || backTrue === null ? null : backTrue - wentFalse,
    readyAfterDbStartMs: backTrue === null ? null : backTrue - startingAt,
  };
}

interface OutageTimes {
  stoppedAt: number;
  /** When mariadbd was launched again: the api may see it before startMariadb() returns (users are made). */
  startingAt: number;
  upAt: number;
}

/** Stops MariaDB, waits for both api nodes to say "not ready", keeps it down, starts it, waits for recovery. */
async function outage({ cluster, load, o }: ScenarioContext, watch: ReadinessWatch): Promise<OutageTimes> {
  const nodes = cluster.byKind('api');
  const stoppedAt = Date.now();
  await cluster.stores.stopMariadb();
  await waitUntil(() => nodes.every((n) => watch.firstChange(n.baseUrl, false, stoppedAt) !== null), o.recoverTimeoutMs).catch(() => {});
  await sleep(o.outageMs);
  const startingAt = Date.now();
  await cluster.stores.startMariadb();
  const upAt = Date.now();
  const back = (n: ClusterNode) => {
    const wentFalse = watch.firstChange(n.baseUrl, false, stoppedAt);
    return wentFalse !== null && watch.firstChange(n.baseUrl, true, wentFalse) !== null;
  };
  await waitUntil(() => nodes.every(back), o.recoverTimeoutMs * 2).catch(() => {});
  await waitUntil(() => load.chat.every((c) => c.attempts.some((a) => a.ok && a.at >= startingAt)), o.recoverTimeoutMs).catch(() => {});
  return { stoppedAt, startingAt, upAt };
}

const max = (xs: (number | null)[]) => (xs.some((x) => x === null) ? null : Math.max(...(xs as number[])));

export const mariadbRestart: Scenario = {
  name: 'mariadbRestart',
  async run(ctx) {
    const { cluster, load } = ctx;
    const watch = new ReadinessWatch(cluster.apiUrls, load.accounts.editors[0]!, ctx.o.hangMs).start();
    await sleep(300);
    const { stoppedAt, startingAt, upAt } = await outage(ctx, watch);
    await watch.stop();
    const chatBack = load.chat.map((c) => c.attempts.find((a) => a.ok && a.at >= startingAt));
    const chatSends = load.chat.flatMap((c) => c.attempts.filter((a) => a.at + a.ms >= stoppedAt && a.at <= upAt));
    const readiness = cluster.byKind('api').map((n) => perNode(watch, n, stoppedAt, startingAt));
    const during = watch.samples.filter((s) => s.at + s.ms >= stoppedAt);
    const hung = during.filter((s) => s.hung).length + chatSends.filter((a) => a.ms >= ATTEMPT_TIMEOUT_MS).length;
    const messages = await load.lostMessages(cluster.apiUrls[0]!);
    return {
      figures: {
        outageMs: upAt - stoppedAt,
        readyFalseAfterMs: max(readiness.map((r) => r.falseAfterMs)),
        notReadyMaxMs: max(readiness.map((r) => r.notReadyMs)),
        dbStartMs: upAt - startingAt,
        readyAfterDbStartMaxMs: max(readiness.map((r) => r.readyAfterDbStartMs)),
        maxRequestMs: Math.max(...during.map((s) => s.ms), ...chatSends.map((a) => a.ms)),
        requestsDuringOutage: during.length + chatSends.length,
        requestsHung: hung,
        chatBackAfterDbStartMs: max(chatBack.map((a) => (a ? a.at + a.ms - startingAt : null))),
        acknowledgedMessagesLost: messages.lost,
      },
      checks: {
        readinessWentFalse: readiness.every((r) => r.falseAfterMs !== null),
        readinessCameBack: readiness.every((r) => r.notReadyMs !== null),
        noRequestHung: hung === 0,
        chatResumed: chatBack.every(Boolean),
        noAcknowledgedMessageLost: messages.lost === 0,
      },
      details: { stoppedAt, startingAt, upAt, readiness, chatSendsDuringOutage: chatSends.length, changes: watch.changes, slowest: [...during].sort((a, b) => b.ms - a.ms).slice(0, 10) },
    };
  },
};
