import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';

const CDK_JSON = path.join(__dirname, '..', '..', 'cdk.json');

/** Temp folders handed out by `createTestApp`; remove them with `removeTestOutdirs` in afterAll. */
const outdirs: string[] = [];

/**
 * An App like `cdk synth` builds: cdk.json's feature flags, extra context on top, its cloud assembly in
 * a fresh temp folder, and asset bundling skipped unless `bundle` is set.
 */
export function createTestApp(
  context: Record<string, unknown> = {},
  options: { bundle?: boolean } = {},
): App {
  const cdkJson = JSON.parse(fs.readFileSync(CDK_JSON, 'utf8')) as { context?: Record<string, unknown> };
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'winlog-cdk-'));
  outdirs.push(outdir);
  return new App({
    outdir,
    context: {
      ...cdkJson.context,
      ...(options.bundle === true ? {} : { 'aws:cdk:bundling-stacks': [] }),
      ...context,
    },
  });
}

export function removeTestOutdirs(): void {
  for (const outdir of outdirs.splice(0)) fs.rmSync(outdir, { recursive: true, force: true });
}
