import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WinlogCorrelatorStack } from '../../lib/WinlogCorrelatorStack';
import { watchContextKeys } from '../../lib/watchContextKeys';
import { winlogCorrelatorPropsFromContext } from '../../lib/winlogCorrelatorPropsFromContext';
import { createTestApp, removeTestOutdirs } from './createTestApp';

const ROOT = join(__dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'winlog-context-keys-'));
afterAll(() => {
  removeTestOutdirs();
  rmSync(work, { recursive: true, force: true });
});

/** Builds the stack as bin/app.ts does, from context alone, and checks the keys. */
function buildFromContext(context: Record<string, unknown>) {
  const app = createTestApp(context);
  const keys = watchContextKeys(app);
  new WinlogCorrelatorStack(app, 'Test', winlogCorrelatorPropsFromContext(app.node));
  keys.check();
  return app;
}

function warningsOf(app: ReturnType<typeof createTestApp>): string[] {
  return app.node.metadata
    .filter((entry) => entry.type === 'aws:cdk:warning')
    .map((entry) => String(entry.data));
}

describe('context keys', () => {
  it('stops on a key that misspells a setting, naming the setting', () => {
    expect(() => buildFromContext({ alertEmail: 'ops@example.com' })).toThrow(
      /unknown context key 'alertEmail' \(did you mean 'alertEmails'\?\)/,
    );
    expect(() => buildFromContext({ smsminseverity: 'high' })).toThrow(/did you mean 'smsMinSeverity'/);
  });

  it('takes a key two edits from a setting for a misspelling of it, and one three edits away for another key', () => {
    expect(() => buildFromContext({ smsMinSevrty: 'high' })).toThrow(
      /'smsMinSevrty' \(did you mean 'smsMinSeverity'\?\)/,
    );
    expect(warningsOf(buildFromContext({ smsMinSvrty: 'high' }))).toEqual([
      expect.stringContaining("context key 'smsMinSvrty' is no winlog-correlator setting"),
    ]);
  });

  it('warns about a key that is no setting, and leaves the CDK its own keys', () => {
    const app = buildFromContext({ teamCostCentre: '42', 'availability-zones:account=1:region=x': ['a'] });
    expect(warningsOf(app)).toEqual([
      expect.stringContaining("context key 'teamCostCentre' is no winlog-correlator setting and is ignored"),
    ]);
  });

  it('reads every context key the README documents', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const rows = [...readme.matchAll(/^\| (`[A-Za-z]+`(?:(?:, | \/ )`[A-Za-z]+`)*) \|/gm)];
    const documented = [
      ...new Set(
        rows.flatMap((row) => [...(row[1] ?? '').matchAll(/`([A-Za-z]+)`/g)].map((key) => key[1] as string)),
      ),
    ];
    expect(documented.length).toBeGreaterThan(30);
    // Each documented key with a letter too many is taken for a misspelling of that key: so the app reads it.
    const misspelt = Object.fromEntries(documented.map((key) => [`${key}X`, '1']));
    expect(() => buildFromContext(misspelt)).toThrow(
      new RegExp(documented.map((key) => `'${key}X' \\(did you mean '${key}'\\?\\)`).join('.*')),
    );
  });
});

describe('cdk synth with a setting to change', () => {
  it('says what to change and exits 1, without a stack trace', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'bin/app.ts'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120_000,
      env: {
        ...process.env,
        CDK_OUTDIR: work,
        // What the CDK command line passes: cdk.json's context, then `-c` on top.
        CDK_CONTEXT_JSON: JSON.stringify({
          ...(JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8')) as { context: object }).context,
          'aws:cdk:bundling-stacks': [],
          alertPhoneNumber: '+4915112345678',
        }),
      },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      "winlog-correlator: unknown context key 'alertPhoneNumber' (did you mean 'alertPhoneNumbers'?): nothing reads it\n",
    );
  });
});
