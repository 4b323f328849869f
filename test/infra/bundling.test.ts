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

describe('function bundles', () => {
  it('bundles the silence check handler with esbuild, without the rules', () => {
    const silence = resources.find(
      (resource) =>
        resource.Type === 'AWS::Lambda::Function' &&
        resource.Properties.Environment?.Variables?.SILENT_AFTER !== undefined,
    );
    const assetHash = silence?.Properties.Code?.S3Key?.replace(/\.zip$/, '');
    expect(assetHash).toMatch(/^[0-9a-f]{64}$/);
    const bundleDir = path.join(assembly.directory, `asset.${assetHash}`);
    expect(fs.readdirSync(bundleDir).sort()).toEqual(['index.js', 'index.js.map']);
    expect(fs.readFileSync(path.join(bundleDir, 'index.js'), 'utf8')).toMatch(/SILENT_AFTER/);
  });

  it('bundles the ingest handler with esbuild and puts rules/ at the bundle root', () => {
    const ingest = resources.find(
      (resource) =>
        resource.Type === 'AWS::Lambda::Function' &&
        resource.Properties.Environment?.Variables?.RULES_PATH !== undefined,
    );
    const assetHash = ingest?.Properties.Code?.S3Key?.replace(/\.zip$/, '');
    expect(assetHash).toMatch(/^[0-9a-f]{64}$/);
    const bundleDir = path.join(assembly.directory, `asset.${assetHash}`);

    expect(fs.readdirSync(bundleDir).sort()).toEqual(['index.js', 'index.js.map', 'rules']);
    expect(fs.readdirSync(path.join(bundleDir, 'rules')).sort()).toEqual(
      fs.readdirSync(PROJECT_RULES).sort(),
    );
    expect(fs.readFileSync(path.join(bundleDir, 'index.js'), 'utf8')).toMatch(/handler/);
  });
});
