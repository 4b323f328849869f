// Preloaded into a measured Node process (Linux): prints the CPU seconds of its main thread, the one that
// reads records while zlib inflates on others, so a change to the reader shows on a machine shared with
// other work, where wall times vary far more than CPU time.
const { readFileSync } = require('node:fs');

const CLOCK_TICKS_PER_SECOND = 100;

process.on('exit', () => {
  const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  process.stderr.write(`\nMAIN_THREAD_CPU_S=${(ticks / CLOCK_TICKS_PER_SECOND).toFixed(2)}\n`);
});
