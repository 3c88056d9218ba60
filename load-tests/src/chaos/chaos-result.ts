// chaos.json: one headline figure per scenario and measure (e.g. mediaKillRecoveryP95Ms), the checks
// each scenario made against the targets, and every raw figure behind them.
import type { ResultInput } from '../results.js';
import type { ChaosRun } from './chaos-runner.js';

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Checks that failed, as "scenario.check". */
export function failedChecks(run: ChaosRun): string[] {
  const failed = Object.entries(run.scenarios).flatMap(([name, s]) =>
    Object.entries(s.checks)
      .filter(([, ok]) => !ok)
      .map(([check]) => `${name}.${check}`),
  );
  if (run.final.edits.some((e) => e.lost > 0)) failed.push('final.noAcknowledgedEditLost');
  if (run.final.messages.some((m) => m.lost > 0)) failed.push('final.noAcknowledgedMessageLost');
  return failed;
}

export function chaosResult(run: ChaosRun, command: string): ResultInput {
  const figures: Record<string, number | null> = {};
  for (const [name, s] of Object.entries(run.scenarios)) for (const [k, v] of Object.entries(s.figures)) figures[`${name}${cap(k)}`] = v;
  figures.acknowledgedEditsLost = Math.max(0, ...run.final.edits.map((e) => e.lost));
  figures.acknowledgedMessagesLost = Math.max(0, ...run.final.messages.map((m) => m.lost));
  figures.editsAcknowledged = run.final.edits[0]?.acked ?? null;
  figures.messagesAcknowledged = run.final.messages[0]?.acked ?? null;
  figures.failedChecks = failedChecks(run).length;
  return {
    baseline: {
      name: 'targets',
      description: 'no same-run baseline exists for faults; issue 9 sets the targets (media recovery p95 <= 2 s, 0 peers lost, 0 acknowledged edits or messages lost, readiness false then true, no hanging request, rooms moved before the drain deadline)',
    },
    figures,
    targets: {
      mediaKillRecoveryP95Ms: '<= 2000',
      mediaKillPeersLost: '0',
      signalingKillPeersLost: '0',
      acknowledgedEditsLost: '0',
      acknowledgedMessagesLost: '0',
      mariadbRestartRequestsHung: '0',
      failedChecks: '0',
    },
    command,
    notes: [
      'one cluster (Redis, MariaDB, 2 api, 2 signaling, 2 media nodes; the local cluster specs under its supervisor, which restarts what dies) and one load for the whole run: wrtc bots sending VP8 160x120@10 + opus, editors appending to shared documents through both api nodes (acks: ?ack=1), chat senders retrying with the same clientMessageId.',
      'scenarios run in order; after each the cluster must be healthy again (every process healthy and ready, signaling using every media node) and the load steady.',
      'times are from the fault (kill, SIGTERM, stop) to the first stats sample (100 ms) showing media again, the resume completing, or the editor resynced; the machine is shared, so compare with the targets loosely.',
      'checks: scenario.check = true when the target was met; failedChecks counts those that were not.',
    ],
    raw: { failedChecks: failedChecks(run), ...run },
  };
}
