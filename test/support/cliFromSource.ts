import { join } from 'node:path';

/** Spawn with `process.execPath`: the CLI from the sources, as `node bin/cli.js` runs it compiled. */
export const CLI_FROM_SOURCE = join(__dirname, 'cliFromSource.cjs');
