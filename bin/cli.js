#!/usr/bin/env node
// Runs the TypeScript command-line door directly (no build step), so `npx winlog-correlator` works right after `npm ci`.
require('tsx/cjs');
require('../cli/main.ts');
