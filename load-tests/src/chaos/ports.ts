// The chaos cluster's ports, all derived from one base (16000 by default) so it never meets the local
// cluster (4xxx), the cluster test (14xxx) or another harness (15xxx). Layout within [base, base + 500):
// +0 Redis, +1 MariaDB, +10.. api, +100.. signaling, +200.. media RPC, +300/+310 WebRTC, +400.. pipes.
import type { PortPlan } from '../../../deploy/local/src/cluster.js';

export const DEFAULT_PORT_BASE = 16_000;

export function chaosPorts(base = DEFAULT_PORT_BASE): PortPlan {
  if (!Number.isInteger(base) || base < 1024 || base + 500 > 65_535) throw new Error(`bad chaos port base ${base}`);
  return {
    redis: base,
    mysql: base + 1,
    api: base + 10,
    apiExtra: [base + 11],
    signaling: [base + 101, base + 102],
    mediaRpc: [base + 201, base + 202],
    // One worker per node: each node's WebRtcServer listens on its base only.
    mediaRtcBase: [base + 300, base + 310],
    mediaPipe: [
      [base + 400, base + 449],
      [base + 450, base + 499],
    ],
    web: base + 99,
  };
}
