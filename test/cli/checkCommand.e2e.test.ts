import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FileCheck } from '../../cli/check/checkFiles';
import { buildEvtxFile } from '../support/buildEvtxFile';
import { CLI_FROM_SOURCE } from '../support/cliFromSource';
import { iisAdminCrashEvtx, imapStartFailureEvtx, noiseEvtx } from '../support/kb819865EvtxEvents';

const ROOT = join(__dirname, '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'formats');
const work = mkdtempSync(join(tmpdir(), 'check-e2e-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI_FROM_SOURCE, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function checkJson(...paths: string[]) {
  const { code, stdout } = run('check', '--output', 'json', ...paths);
  return { code, report: JSON.parse(stdout) as { allRead: boolean; files: FileCheck[] } };
}

function file(name: string, text: string): string {
  const path = join(work, name);
  writeFileSync(path, text);
  return path;
}

const fixture = (path: string): string => readFileSync(join(FIXTURES, path), 'utf8');
const ps7Pair = file('ps7.json', fixture('powershell/7031-ps7.json') + fixture('powershell/1036-ps7.json'));
const azureRow = (n: number) =>
  JSON.stringify({
    TimeGenerated: '2024-03-14T02:17:45Z',
    Computer: 'EXCH01',
    EventID: 4624,
    Activity: `4624 - An account was successfully logged on. ${'x'.repeat(300)}`,
    Type: 'SecurityEvent',
    n,
  });

describe('winlog-correlator check', () => {
  it('reports the shapes, times, nodes and rule steps of a file of PowerShell events, and exits 0', () => {
    const { code, report } = checkJson(ps7Pair);
    expect(code).toBe(0);
    expect(report.allRead).toBe(true);
    expect(report.files).toEqual([
      {
        file: ps7Pair,
        records: 2,
        events: 2,
        shapes: { powershell: 2 },
        notRead: {},
        unknownShapeExamples: [],
        timeRange: { first: '2024-03-14T02:17:45.1234567Z', last: '2024-03-14T02:17:52.5551234Z' },
        zoneMismatch: null,
        futureDated: 0,
        veryOld: 2,
        nodes: ['EXCH01.corp.example.com'],
        ruleSteps: [
          { ruleId: 'KB819865', step: 'iis-admin-crash', eventIds: [7031], events: 1 },
          { ruleId: 'KB819865', step: 'mail-service-start-failure', eventIds: [1036], events: 1 },
        ],
      },
    ]);
  });

  it('reads every XML event for its shape, time and node, and names the one whose time does not read', () => {
    const crash = fixture('xml/7031-vista-rendered.xml').trim();
    const failure = fixture('xml/1036-imap4svc-classic.xml').trim();
    const badTime = crash.replace(/SystemTime='[^']*'/, "SystemTime='+275760-09-13T00:00:00Z'");
    const path = file('wevtutil.xml', `${crash}\n${failure}\n${badTime}\n`);
    const { code, report } = checkJson(path);
    expect(code).toBe(1);
    expect(report.files[0]).toMatchObject({
      records: 3,
      events: 2,
      shapes: { xml: 2 },
      notRead: { 'invalid-field': 1 },
      nodes: ['EXCH01.corp.example.com'],
      ruleSteps: [
        { ruleId: 'KB819865', step: 'iis-admin-crash', eventIds: [7031], events: 1 },
        { ruleId: 'KB819865', step: 'mail-service-start-failure', eventIds: [1036], events: 1 },
      ],
    });
  });

  it('reports the events, times, nodes and rule steps of a .evtx file', () => {
    const events = [
      noiseEvtx({ node: 'EXCH01.corp.example.com', at: '2024-03-14T02:17:40.0000000Z', recordId: 1 }),
      iisAdminCrashEvtx({ node: 'EXCH01.corp.example.com', at: '2024-03-14T02:17:45.1234567Z', recordId: 2 }),
      imapStartFailureEvtx({
        node: 'EXCH02.corp.example.com',
        at: '2024-03-14T02:17:52.0000000Z',
        recordId: 3,
      }),
    ];
    const path = join(work, 'export.evtx');
    writeFileSync(path, buildEvtxFile(events));
    const { code, report } = checkJson(path);
    expect(code).toBe(0);
    expect(report.files[0]).toMatchObject({
      records: 3,
      events: 3,
      shapes: { evtx: 3 },
      notRead: {},
      timeRange: { first: '2024-03-14T02:17:40.0000000Z', last: '2024-03-14T02:17:52.0000000Z' },
      nodes: ['EXCH01.corp.example.com', 'EXCH02.corp.example.com'],
      ruleSteps: [
        { ruleId: 'KB819865', step: 'iis-admin-crash', eventIds: [7031], events: 1 },
        { ruleId: 'KB819865', step: 'mail-service-start-failure', eventIds: [1036], events: 1 },
      ],
    });
  });

  it('shows at most three unknown-shape examples cut to 200 characters, and exits 1', () => {
    const path = file('azure.jsonl', [1, 2, 3, 4].map(azureRow).join('\n'));
    const { code, report } = checkJson(path);
    expect(code).toBe(1);
    expect(report.allRead).toBe(false);
    const [only] = report.files;
    expect(only?.shapes).toEqual({ 'unknown-shape': 4 });
    expect(only?.notRead).toEqual({ 'unknown-shape': 4 });
    expect(only?.unknownShapeExamples).toHaveLength(3);
    expect(only?.unknownShapeExamples.every((example) => example.length === 200)).toBe(true);
  });

  it('counts events dated more than an hour ahead and more than a year back', () => {
    const record = JSON.parse(fixture('wazuh/7031-eventchannel.json'));
    const at = (systemTime: string) =>
      JSON.stringify({ win: { ...record.win, system: { ...record.win.system, systemTime } } });
    const soon = new Date(Date.now() + 30 * 60_000).toISOString();
    const path = file(
      'clocks.jsonl',
      [at('2999-01-01T00:00:00Z'), at(soon), at('2001-01-01T00:00:00Z')].join('\n'),
    );
    const [only] = checkJson(path).report.files;
    expect([only?.futureDated, only?.veryOld]).toEqual([1, 1]);
  });

  it('warns about a zone mismatch with the --timezone that reconciles it', () => {
    const record = { ...JSON.parse(fixture('nxlog/7031-ce.json')), '@timestamp': '2024-03-14T02:17:46.412Z' };
    const path = file('nxlog-ce.jsonl', JSON.stringify(record));
    const [only] = checkJson(path).report.files;
    expect(only?.zoneMismatch).toMatchObject({ field: 'EventTime', reconcilingOffsetMinutes: 60 });
    expect(checkJson('--timezone', 'Europe/Berlin', path).report.files[0]?.zoneMismatch).toBeNull();
  });

  it('reads folders recursively and reports each file', () => {
    const folder = join(work, 'sample');
    mkdirSync(join(folder, 'wazuh'), { recursive: true });
    writeFileSync(join(folder, 'wazuh', 'a.json'), fixture('wazuh/7031-eventchannel.json'));
    writeFileSync(join(folder, 'b.jsonl'), fixture('evtx-json/7031-separate-attributes.json'));
    const { report } = checkJson(folder);
    expect(report.files.map((f) => f.shapes)).toEqual([{ 'evtx-json': 1 }, { wazuh: 1 }]);
  });

  it('prints a table with --output table', () => {
    const { code, stdout } = run('check', '--output', 'table', ps7Pair);
    expect(code).toBe(0);
    expect(stdout).toMatch(/shapes\s+powershell 2/);
    expect(stdout).toMatch(/rule step KB819865\/iis-admin-crash\s+1 events with id 7031/);
  });

  it('exits 1 when a path cannot be read', () => {
    expect(run('check', '--output', 'json', join(work, 'missing.json')).code).toBe(1);
  });

  it.each([
    ['no PATH', []],
    ['an unknown --output', ['--output', 'csv', 'x']],
    ['an unknown --format', ['--format', 'yaml', 'x']],
    ['an unknown option', ['--frobnicate', 'x']],
  ])('exits 2 for a usage error: %s', (_what, args) => {
    const { code, stderr } = run('check', ...args);
    expect(code).toBe(2);
    expect(stderr).toMatch(/winlog-correlator: /);
  });

  it('is listed in the top-level help and has its own', () => {
    expect(run('--help').stdout).toMatch(/check PATH\.\.\./);
    expect(run('check', '--help').stdout).toMatch(/Exit status: 0 when every record was read/);
  });
});
