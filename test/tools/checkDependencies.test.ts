import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkDependencies } from '../../tools/checkDependencies';

let root: string | undefined;

afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  root = undefined;
});

function project(files: Record<string, string>): string {
  root = mkdtempSync(join(tmpdir(), 'winlog-deps-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('the dependency rules', () => {
  it('accept the layers in their order', () => {
    const clean = project({
      'domain/event.ts': "import { z } from 'zod';\nexport const x = z;\n",
      'adapters/aws/store.ts': "import { x } from '../../domain/event';\nexport const y = x;\n",
      'app/ingest/assemble.ts': "import { y } from '../../adapters/aws/store';\nexport const z = y;\n",
      'lambdas/handler.ts': "import { z } from '../app/ingest/assemble';\nexport const h = z;\n",
      'cli/main.ts': "import { z } from '../app/ingest/assemble';\nimport { readFileSync } from 'node:fs';\n",
      'bin/app.ts': "import '../lib/stack';\n",
      'lib/stack.ts': "import { x } from '../domain/event';\n",
    });
    expect(checkDependencies(clean)).toEqual([]);
  });

  it('refuse Node I/O and AWS in the domain', () => {
    const problems = checkDependencies(
      project({
        'domain/read.ts':
          "import { readFileSync } from 'node:fs';\nimport { S3Client } from '@aws-sdk/client-s3';\n",
      }),
    );
    expect(problems).toEqual([
      "domain/read.ts -> node:fs: domain is pure: it may not use 'node:fs'",
      "domain/read.ts -> @aws-sdk/client-s3: domain is pure: it may not use '@aws-sdk/client-s3'",
    ]);
  });

  it('refuse a door importing another door, and an adapter importing a door', () => {
    const problems = checkDependencies(
      project({
        'lambdas/ingest/config.ts': 'export const c = 1;\n',
        'cli/local.ts': "import { c } from '../lambdas/ingest/config';\n",
        'adapters/aws/store.ts': "const m = require('../../cli/local');\n",
      }),
    );
    expect(problems).toEqual([
      'adapters/aws/store.ts -> cli/local.ts: adapters import only the domain, not cli/',
      'cli/local.ts -> lambdas/ingest/config.ts: doors do not import each other: cli/ imports lambdas/',
    ]);
  });

  it('treat each command as a door: commands share only through cli/shared/ and cli/output/', () => {
    const problems = checkDependencies(
      project({
        'cli/main.ts': "const scan = require('./scan/scanCommand');\n",
        'cli/shared/io.ts': 'export const io = 1;\n',
        'cli/scan/scanCommand.ts': "import { io } from '../shared/io';\n",
        'cli/fleet/fleetCommand.ts': "import { io } from '../shared/io';\nimport '../scan/scanCommand';\n",
      }),
    );
    expect(problems).toEqual([
      'cli/fleet/fleetCommand.ts -> cli/scan/scanCommand.ts: commands do not import each other: cli/fleet/ imports cli/scan/ (share through cli/shared/)',
    ]);
  });

  it('report an import cycle, naming its modules', () => {
    const problems = checkDependencies(
      project({
        'domain/a.ts': "import type { B } from './b';\nexport type A = B;\n",
        'domain/b.ts': "import { c } from './c';\nexport type B = string;\n",
        'domain/c.ts': "export { type A } from './a';\nexport const c = 1;\n",
      }),
    );
    expect(problems).toEqual(['import cycle: domain/a.ts <-> domain/b.ts <-> domain/c.ts']);
  });

  it('report an import that resolves to no file', () => {
    expect(checkDependencies(project({ 'cli/main.ts': "import { gone } from './gone';\n" }))).toEqual([
      "cli/main.ts: './gone' does not resolve to a file",
    ]);
  });
});
