import { startOurSide } from '/work/main/load-tests/src/bench/media-forwarding-sides.ts';
const s = await startOurSide(process.env.COOPE_REDIS_URL ?? 'redis://127.0.0.1:1');
console.log('pid', s.workerPid, s.workerCpuSeconds());
await s.stop();
