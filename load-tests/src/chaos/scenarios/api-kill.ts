// kill -9 of an api node while editors co-edit through it and chat senders post through it: editors
// reconnect to the other node and resync, senders retry there with the same idempotency key, and a
// fresh reader on the surviving node finds every acknowledged edit and message.
import { percentile, round } from '../../stats.js';
import type { ChaosLoad } from '../chaos-load.js';
import type { ClusterNode } from '../cluster-node.js';
import type { CollabEditor } from '../collab-editor.js';
import type { Scenario, ScenarioContext } from '../scenario.js';
import { waitUntil } from '../wait.js';

interface ApiTrial {
  victim: string;
  killedAt: number;
  editorsAffected: number;
  /** Per editor that was on the node: kill → synced again on a new socket. */
  editorReconnectMs: number[];
  /** Per sender whose send failed: kill → its next acknowledged send. */
  chatRecoveryMs: number[];
  edits: { acked: number; lost: number; missing: string[] };
  messages: { acked: number; lost: number; missing: string[] };
  clusterHealedMs: number;
}

const backAfter = (e: CollabEditor, killedAt: number) => e.sessions.find((s) => s.openedAt > killedAt && s.syncedAt !== null);

function chatRecoveryMs(load: ChaosLoad, killedAt: number): number[] {
  return load.chat.flatMap((c) => {
    if (!c.attempts.some((a) => !a.ok && a.at + a.ms >= killedAt)) return [];
    const ok = c.attempts.find((a) => a.ok && a.at >= killedAt);
    return ok ? [ok.at + ok.ms - killedAt] : [];
  });
}

async function trial({ cluster, load, o }: ScenarioContext, victim: ClusterNode, survivor: ClusterNode): Promise<ApiTrial> {
  const onIt = load.editors.filter((e) => e.sessions.at(-1)?.url === victim.baseUrl);
  const killedAt = Date.now();
  await victim.kill9();
  await waitUntil(
    () =>
      onIt.every((e) => backAfter(e, killedAt)) &&
      load.editors.every((e) => e.synced) &&
      load.chat.every((c) => c.attempts.some((a) => a.ok && a.at >= killedAt)),
    o.recoverTimeoutMs,
    () => 'editors or chat senders did not recover after the api kill',
  ).catch(() => {});
  const reconnectMs = onIt.flatMap((e) => {
    const back = backAfter(e, killedAt);
    return back ? [back.syncedAt! - killedAt] : [];
  });
  // Read through the survivor while the victim is still down or just restarting.
  const edits = await load.lostEdits(survivor.baseUrl);
  const messages = await load.lostMessages(survivor.baseUrl);
  await cluster.waitHealthy(o.recoverTimeoutMs * 4);
  return {
    victim: victim.name,
    killedAt,
    editorsAffected: onIt.length,
    editorReconnectMs: reconnectMs,
    chatRecoveryMs: chatRecoveryMs(load, killedAt),
    edits,
    messages,
    clusterHealedMs: Date.now() - killedAt,
  };
}

export const apiKill: Scenario = {
  name: 'apiKill',
  async run(ctx) {
    const nodes = ctx.cluster.byKind('api');
    const trials: ApiTrial[] = [];
    for (let t = 0; t < ctx.o.trials; t++) trials.push(await trial(ctx, nodes[t % nodes.length]!, nodes[(t + 1) % nodes.length]!));
    const reconnect = trials.flatMap((t) => t.editorReconnectMs);
    const chat = trials.flatMap((t) => t.chatRecoveryMs);
    const editsLost = Math.max(...trials.map((t) => t.edits.lost));
    const messagesLost = Math.max(...trials.map((t) => t.messages.lost));
    const affected = trials.reduce((n, t) => n + t.editorsAffected, 0);
    return {
      figures: {
        editorReconnectP50Ms: round(percentile(reconnect, 50)),
        editorReconnectP95Ms: round(percentile(reconnect, 95)),
        chatRecoveryMaxMs: chat.length ? Math.max(...chat) : null,
        acknowledgedEditsLost: editsLost,
        acknowledgedMessagesLost: messagesLost,
        editsAcknowledged: trials.at(-1)!.edits.acked,
        messagesAcknowledged: trials.at(-1)!.messages.acked,
        clusterHealedMs: Math.max(...trials.map((t) => t.clusterHealedMs)),
      },
      checks: {
        editorsOnTheNodeReconnected: affected > 0 && reconnect.length === affected,
        noAcknowledgedEditLost: editsLost === 0,
        noAcknowledgedMessageLost: messagesLost === 0,
      },
      details: { trials },
    };
  },
};
