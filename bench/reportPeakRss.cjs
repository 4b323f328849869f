// Preloaded into a measured Node process: prints its peak resident set size and the CPU time of all its
// threads (user + system) when it exits. The peak is Linux's VmHWM where there is one: getrusage's maxRSS
// also counts the parent's memory at the fork before exec (the ingest benchmark's parent holds the corpus
// and the stand-ins, which showed as 150 MB for a `scan` that peaked at 107 MB).
const { readFileSync } = require('node:fs');

function peakRssKb(usage) {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (hwm) return Number(hwm[1]);
  } catch {}
  return usage.maxRSS;
}

process.on('exit', () => {
  const usage = process.resourceUsage();
  process.stderr.write(
    `\nPEAK_RSS_KB=${peakRssKb(usage)}\nCPU_MICROSECONDS=${usage.userCPUTime + usage.systemCPUTime}\n`,
  );
});
