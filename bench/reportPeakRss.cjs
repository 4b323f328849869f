// Preloaded into a measured Node process: prints its peak resident set size and the CPU time of all its
// threads (user + system) when it exits.
process.on('exit', () => {
  const usage = process.resourceUsage();
  process.stderr.write(
    `\nPEAK_RSS_KB=${usage.maxRSS}\nCPU_MICROSECONDS=${usage.userCPUTime + usage.systemCPUTime}\n`,
  );
});
