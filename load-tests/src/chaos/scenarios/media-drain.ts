// SIGTERM of the media node holding the most rooms: it drains (DRAINING at once, rooms re-homed when its
// drain deadline comes, exit after a grace period or as soon as it holds no rooms). Measured from the
// SIGTERM: when every peer of its rooms receives media through the new node, when the node exited, and
// both against the deadline; no peer may be lost and every room must have moved by deadline + grace.
import { killMediaNode } from '../../bench/failover-trials.js';
import { percentile, round } from '../../stats.js';
import type { Scenario } from '../scenario.js';

export const mediaDrain: Scenario = {
  name: 'mediaDrain',
  async run({ cluster, load, o }) {
    const { deadlineMs, graceMs } = cluster.drainTimes();
    let pid = 0;
    let victimName = '';
    const trial = await killMediaNode(
      cluster.byKind('media').map((n) => n.victim()),
      load.bots,
      deadlineMs + graceMs + o.recoverTimeoutMs,
      async (v) => {
        victimName = v.name;
        pid = cluster.node(v.name).signal('SIGTERM');
      },
    );
    const exitedAt = await cluster
      .node(victimName)
      .exited(pid, deadlineMs + graceMs + 10_000)
      .catch(() => null);
    const movedAt = trial.recoveryMs.length ? Math.max(...trial.recoveryMs) : null;
    const exitedAfterMs = exitedAt === null ? null : exitedAt - trial.killedAt;
    await cluster.waitHealthy(o.recoverTimeoutMs * 4);
    return {
      figures: {
        deadlineMs,
        roomsMovedP50Ms: round(percentile(trial.recoveryMs, 50)),
        roomsMovedP95Ms: round(percentile(trial.recoveryMs, 95)),
        roomsMovedMaxMs: movedAt,
        nodeExitedAfterMs: exitedAfterMs,
        peersLost: trial.lost,
        peersAffected: trial.affected,
      },
      checks: {
        everyAffectedPeerMoved: trial.affected > 0 && trial.recoveryMs.length === trial.affected,
        noPeerLost: trial.lost === 0,
        // The node's hard stop is deadline + grace; every room must be elsewhere by then.
        movedBeforeHardDeadline: movedAt !== null && movedAt <= deadlineMs + graceMs,
      },
      details: { trial, graceMs, exitedAfterMs },
    };
  },
};
