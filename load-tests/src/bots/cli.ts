// Media bots from the command line, against any cluster.
//
//   tsx src/bots/cli.ts run --signaling http://127.0.0.1:4101,http://127.0.0.1:4102 \
//       (--private-key .data/local/keys/jwt-private.pem | --api http://127.0.0.1:4000) \
//       --bots 20 --rooms 5 [--duration 60] [--concurrency 4] [--video 320x240@15] [--no-video] [--no-audio] [--json out.json]
//   tsx src/bots/cli.ts mint --private-key FILE --users 1000 --rooms 100 [--ttl 3600] [--out tokens.json]
//
// `run` prints a progress line while bots join and hold the call, then a summary: joined, failed,
// media received, and recovery times (outages of received media, e.g. across a media-node failover).
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { tokenMinter } from '../services/jwt-keys.js';
import { Fleet, type FleetProgress, formatFleetSummary } from './fleet.js';
import { apiIdentities, type BotIdentity, mintedIdentities, tokenFile } from './identities.js';

const options = {
  signaling: { type: 'string' },
  api: { type: 'string' },
  'private-key': { type: 'string' },
  bots: { type: 'string', default: '4' },
  users: { type: 'string', default: '100' },
  rooms: { type: 'string', default: '1' },
  duration: { type: 'string', default: '30' },
  concurrency: { type: 'string', default: '4' },
  video: { type: 'string', default: '320x240@15' },
  'no-video': { type: 'boolean', default: false },
  'no-audio': { type: 'boolean', default: false },
  ttl: { type: 'string', default: '3600' },
  out: { type: 'string' },
  json: { type: 'string' },
} as const;

type Args = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>['values'];

function int(value: string | undefined, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, got "${value}"`);
  return n;
}

async function identities(a: Args, users: number, rooms: number): Promise<BotIdentity[]> {
  if (a['private-key']) return mintedIdentities(await tokenMinter(readFileSync(a['private-key'], 'utf8')), users, rooms, int(a.ttl, 'ttl'));
  if (a.api) return apiIdentities(a.api, users, rooms);
  throw new Error('give --private-key (local clusters) or --api (any cluster) so bots can get tokens and tickets');
}

function videoOptions(spec: string): { width: number; height: number; fps: number } {
  const m = /^(\d+)x(\d+)@(\d+)$/.exec(spec);
  if (!m) throw new Error(`--video must look like 320x240@15, got "${spec}"`);
  return { width: Number(m[1]), height: Number(m[2]), fps: Number(m[3]) };
}

function progressLine(p: FleetProgress, elapsedS: number): string {
  return `[${elapsedS.toFixed(0).padStart(4)} s] joined ${p.joined}/${p.total}  failed ${p.failed}  receiving ${p.receiving}`;
}

async function run(a: Args): Promise<number> {
  if (!a.signaling) throw new Error('--signaling is required (comma-separated signaling URLs)');
  const bots = int(a.bots, 'bots');
  const ids = await identities(a, bots, Math.max(1, int(a.rooms, 'rooms')));
  const started = Date.now();
  const tty = process.stdout.isTTY;
  const show = (p: FleetProgress) => {
    const line = progressLine(p, (Date.now() - started) / 1000);
    process.stdout.write(tty ? `\r${line}` : `${line}\n`);
  };
  const fleet = await Fleet.start({
    identities: ids,
    signalingUrls: a.signaling.split(',').map((u) => u.trim()),
    concurrency: int(a.concurrency, 'concurrency'),
    media: { ...videoOptions(a.video), video: !a['no-video'], audio: !a['no-audio'] },
    statsIntervalMs: 500,
    onProgress: tty ? show : undefined,
  });
  const ticker = setInterval(() => show(fleet.progress()), tty ? 1000 : 5000);
  await new Promise((r) => setTimeout(r, int(a.duration, 'duration') * 1000));
  clearInterval(ticker);
  const summary = fleet.summary();
  await fleet.leaveAll();
  process.stdout.write(`${tty ? '\n' : ''}\n${formatFleetSummary(summary)}\n`);
  if (a.json) writeFileSync(a.json, `${JSON.stringify(summary, null, 2)}\n`);
  return summary.failed === 0 && summary.mediaReceived === summary.joined ? 0 : 1;
}

async function mint(a: Args): Promise<number> {
  if (!a['private-key']) throw new Error('mint needs --private-key (the api\'s JWT_PRIVATE_KEY_FILE)');
  const ids = await identities(a, int(a.users, 'users'), Math.max(1, int(a.rooms, 'rooms')));
  const json = `${JSON.stringify(await tokenFile(ids))}\n`;
  if (a.out) writeFileSync(a.out, json, { mode: 0o600 });
  else process.stdout.write(json);
  return 0;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ options, allowPositionals: true });
  const command = positionals[0] ?? 'run';
  const commands: Record<string, (a: Args) => Promise<number>> = { run, mint };
  const fn = commands[command];
  if (!fn) throw new Error(`unknown command "${command}"; use run or mint`);
  process.exitCode = await fn(values);
  // wrtc keeps native threads alive; leave once the summary is out.
  process.exit();
}

main().catch((err) => {
  console.error(`bots: ${(err as Error).message}`);
  process.exit(2);
});
