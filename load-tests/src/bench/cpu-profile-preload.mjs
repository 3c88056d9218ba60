// Preloaded into a service (NODE_OPTIONS=--import …; --cpu-prof is not allowed there): SIGUSR2 starts
// a CPU profile, the next SIGUSR2 writes it to $CPU_PROFILE_DIR. Used by api-profile.ts only.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import path from 'node:path';

const session = new Session();
session.connect();
let running = false;
process.on('SIGUSR2', () => {
  if (!running) {
    running = true;
    session.post('Profiler.enable', () => session.post('Profiler.start'));
    return;
  }
  running = false;
  session.post('Profiler.stop', (err, result) => {
    if (err) return console.error(err);
    writeFileSync(path.join(process.env.CPU_PROFILE_DIR ?? '.', `cpu-${process.pid}-${Date.now()}.cpuprofile`), JSON.stringify(result.profile));
  });
});
