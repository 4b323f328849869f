import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WinlogCorrelatorStack } from '../../lib/WinlogCorrelatorStack';
import { createTestApp, removeTestOutdirs } from './createTestApp';

afterAll(removeTestOutdirs);

const PROJECT_RULES = path.join(__dirname, '..', '..', 'rules');

interface FunctionResource {
  Type: string;
  Properties: { Code?: { S3Key?: string }; Environment?: { Variables?: Record<string, unknown> } };
}

let assembly: CloudAssembly;
let resources: FunctionResource[];

beforeAll(() => {
  const app = createTestApp({}, { bundle: true });
  const stack = new WinlogCorrelatorStack(app, 'Bundled');
  assembly = app.synth();
  resources = Object.values(
    assembly.getStackByName(stack.stackName).template.Resources as Record<string, FunctionResource>,
  );
}, 300_000);

/** The files of a function's bundle in the cloud assembly. */
function bundleOf(resource: FunctionResource | undefined): { dir: string; files: string[]; code: string } {
  const assetHash = resource?.Properties.Code?.S3Key?.replace(/\.zip$/, '');
  expect(assetHash).toMatch(/^[0-9a-f]{64}$/);
  const dir = path.join(assembly.directory, `asset.${assetHash}`);
  return {
    dir,
    files: fs.readdirSync(dir).sort(),
    code: fs.readFileSync(path.join(dir, 'index.js'), 'utf8'),
  };
}

const functionsWith = (variable: string): FunctionResource[] =>
  resources.filter(
    (resource) =>
      resource.Type === 'AWS::Lambda::Function' &&
      resource.Properties.Environment?.Variables?.[variable] !== undefined,
  );

describe('function bundles', () => {
  it('bundles the silence check handler with esbuild, without the rules', () => {
    const bundle = bundleOf(functionsWith('SILENT_AFTER')[0]);
    expect(bundle.files).toEqual(['index.js', 'index.js.map']);
    expect(bundle.code).toMatch(/SILENT_AFTER/);
  });

  it('bundles the ingest handler and the alert drain with esbuild, each with rules/ at the bundle root', () => {
    const bundles = functionsWith('RULES_PATH').map(bundleOf);
    expect(bundles).toHaveLength(2);
    for (const bundle of bundles) {
      expect(bundle.files).toEqual(['index.js', 'index.js.map', 'rules']);
      expect(fs.readdirSync(path.join(bundle.dir, 'rules')).sort()).toEqual(
        fs.readdirSync(PROJECT_RULES).sort(),
      );
    }
    expect(
      bundles.filter((bundle) => bundle.code.includes('alerts left by a failed invocation')),
    ).toHaveLength(1);
  });
});
