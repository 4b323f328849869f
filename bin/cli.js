#!/usr/bin/env -S node --max-semi-space-size=4
// Runs the TypeScript command-line door directly (no build step), so `npx winlog-correlator` works right after `npm ci`.
// The small young generation (the shebang's flag) keeps memory flat while scanning gigabytes: V8 would
// otherwise grow it to tens of megabytes under the allocation rate, for no measurable speed gain.
// The AWS SDK warns on every run under Node 20 that releases after January 2027 need Node 22; the lock file
// pins the SDK this project was tested with, so the warning is noise for the CLI and the local pipeline.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
require('tsx/cjs');
require('../cli/main.ts');
