// Runs autocannon against several HTTP targets in alternating slices (A B C A B C ...), so drift in the
// machine (steal, thermal, other work) hits every target alike. Keeps every response time for exact
// percentiles, and the server's CPU seconds per slice when the target knows its process.
import autocannon from 'autocannon';
import { percentile, round } from '../stats.js';

export interface HttpTarget {
  name: string;
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /**
   * A JSON body per request around a unique id (e.g. a client message id): `id` is a fixed-length token
   * that no other request of the run carries.
   */
  body?: (id: string) => string;
  /** The one status a request may get (e.g. 201: every send stores a new message); any 2xx when unset. */
  status?: number;
  /** CPU seconds used so far by the server process, or null when unknown. */
  cpuSeconds?: () => number | null;
}

export interface SliceOptions {
  sliceSeconds: number;
  rounds: number;
  connections: number;
  /** Untimed warm-up per target before the first round (JIT, connection pools, caches). */
  warmupSeconds: number;
}

export interface TargetFigures {
  name: string;
  /** Responses with the target's status (any 2xx when it names none). */
  requests: number;
  /** Every other response. */
  non2xx: number;
  errors: number;
  seconds: number;
  reqPerSec: number;
  /** Requests per server CPU-second, when the server's CPU time is known. */
  reqPerCpuSecond: number | null;
  p50Ms: number | null;
  p99Ms: number | null;
  sliceReqPerSec: number[];
}

interface Accumulator {
  requests: number;
  non2xx: number;
  errors: number;
  seconds: number;
  cpu: number | null;
  latencies: number[];
  slices: number[];
}

let runTag = 0;

/**
 * Requests that differ only in a unique id. autocannon's setupRequest rebuilds every request from its parts,
 * which cost the load generator (on the same 2 cores as the servers) about 35 µs per request; here each
 * connection copies one raw request and writes a new id into it.
 */
function uniqueBodies(target: HttpTarget, makeBody: (id: string) => string): Pick<autocannon.Options, 'body' | 'setupClient'> {
  const placeholder = 'x'.repeat(16);
  const body = makeBody(placeholder);
  const tag = `${process.pid.toString(36)}${(runTag++).toString(36)}`.padStart(8, '0').slice(-8);
  let connection = 0;
  return {
    body,
    setupClient: (client) => {
      const prefix = `${tag}${(connection++).toString(36).padStart(3, '0')}`;
      let n = 0;
      let raw: Buffer | undefined;
      let at = -1;
      // Client.getRequestBuffer is what autocannon writes for each request (lib/httpClient.js).
      const c = client as unknown as { getRequestBuffer(): Buffer };
      const built = c.getRequestBuffer.bind(c);
      c.getRequestBuffer = () => {
        if (!raw) {
          raw = built();
          at = raw.lastIndexOf(placeholder);
          if (at < 0) throw new Error(`${target.name}: the body must carry its id verbatim`);
        }
        const out = Buffer.from(raw);
        out.write(`${prefix}${(n++).toString(36).padStart(5, '0')}`.slice(-16), at, 'latin1');
        return out;
      };
    },
  };
}

async function runSlice(target: HttpTarget, seconds: number, connections: number, acc: Accumulator | null): Promise<void> {
  const makeBody = target.body;
  const cpuBefore = target.cpuSeconds?.() ?? null;
  const started = process.hrtime.bigint();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: target.url,
        connections,
        duration: seconds,
        method: target.method ?? 'GET',
        headers: { ...(makeBody ? { 'content-type': 'application/json' } : {}), ...target.headers },
        ...(makeBody ? uniqueBodies(target, makeBody) : {}),
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
    if (acc) instance.on('response', (_client, _status, _bytes, ms) => acc.latencies.push(ms));
  });
  if (!acc) return;
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  const cpuAfter = target.cpuSeconds?.() ?? null;
  const expected = target.status ? result.statusCodeStats?.[`${target.status}`]?.count : undefined;
  const ok = target.status ? (expected ?? 0) : result.requests.total - result.non2xx;
  acc.requests += ok;
  acc.non2xx += result.requests.total - ok;
  acc.errors += result.errors + result.timeouts;
  acc.seconds += elapsed;
  acc.slices.push(round(ok / elapsed, 1) ?? 0);
  acc.cpu = cpuBefore === null || cpuAfter === null ? null : (acc.cpu ?? 0) + (cpuAfter - cpuBefore);
}

function figures(name: string, acc: Accumulator): TargetFigures {
  return {
    name,
    requests: acc.requests,
    non2xx: acc.non2xx,
    errors: acc.errors,
    seconds: round(acc.seconds, 3) ?? 0,
    reqPerSec: round(acc.requests / acc.seconds, 1) ?? 0,
    reqPerCpuSecond: acc.cpu ? round(acc.requests / acc.cpu, 1) : null,
    p50Ms: round(percentile(acc.latencies, 50)),
    p99Ms: round(percentile(acc.latencies, 99)),
    sliceReqPerSec: acc.slices,
  };
}

export async function runAlternatingSlices(targets: HttpTarget[], o: SliceOptions): Promise<Record<string, TargetFigures>> {
  const accs = new Map<string, Accumulator>();
  for (const t of targets) {
    accs.set(t.name, { requests: 0, non2xx: 0, errors: 0, seconds: 0, cpu: 0, latencies: [], slices: [] });
    if (o.warmupSeconds > 0) await runSlice(t, o.warmupSeconds, o.connections, null);
  }
  for (let round = 0; round < o.rounds; round++) {
    // Rotate the order each round so no target always follows the same one.
    for (let i = 0; i < targets.length; i++) {
      const t = targets[(i + round) % targets.length]!;
      await runSlice(t, o.sliceSeconds, o.connections, accs.get(t.name)!);
    }
  }
  const out: Record<string, TargetFigures> = {};
  for (const t of targets) out[t.name] = figures(t.name, accs.get(t.name)!);
  return out;
}
