#!/usr/bin/env -S node --max-semi-space-size=4
// Runs the compiled command line (dist/, built by `npm ci` through the `prepare` script), so no
// TypeScript is compiled at run time. The small young generation (the shebang's flag) keeps memory flat
// while scanning gigabytes: V8 would otherwise grow it to tens of megabytes under the allocation rate,
// for no measurable speed gain.
// The AWS SDK warns on every run under Node 20 that releases after January 2027 need Node 22; the lock file
// pins the SDK this project was tested with, so the warning is noise for the CLI and the local pipeline.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
try {
  require('../dist/cli/main.js');
} catch (error) {
  if (error?.code !== 'MODULE_NOT_FOUND' || !String(error.message).includes('dist/cli/main.js')) throw error;
  process.stderr.write(
    'winlog-correlator: not built yet; run `npm run build` (npm ci runs it) and try again\n',
  );
  process.exitCode = 1;
}
