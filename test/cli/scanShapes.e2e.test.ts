import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, runScan as scan } from '../support/runScan';

const FIXTURES = join(PROJECT_ROOT, 'test', 'fixtures', 'formats');
const work = mkdtempSync(join(tmpdir(), 'scan-shapes-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function fixture(path: string): string {
  return readFileSync(join(FIXTURES, path), 'utf8');
}

/** One record per line, as a shipper appending to a file writes them. */
function jsonLines(...paths: string[]): string {
  return paths.map((path) => `${JSON.stringify(JSON.parse(fixture(path)))}\n`).join('');
}

function file(name: string, text: string): string {
  const path = join(work, name);
  writeFileSync(path, text);
  return path;
}

describe('scan reads the shapes PowerShell, evtx_dump/Chainsaw and Wazuh write', () => {
  it.each([
    [
      'Windows PowerShell 5.1 ConvertTo-Json -Compress, one event per line',
      'ps51.jsonl',
      jsonLines('powershell/7031-ps51-depth3.json', 'powershell/1036-ps51-depth3.json'),
    ],
    [
      'Windows PowerShell 5.1 with the default depth, so only the message says which service crashed',
      'ps51-depth2.jsonl',
      jsonLines('powershell/7031-ps51-depth2.json', 'powershell/1036-ps51-depth3.json'),
    ],
    [
      'PowerShell 7 ConvertTo-Json, pretty-printed objects one after another',
      'ps7.json',
      fixture('powershell/7031-ps7.json') + fixture('powershell/1036-ps7.json'),
    ],
    ['evtx_dump -o jsonl', 'evtx.jsonl', jsonLines('evtx-json/7031.json', 'evtx-json/1036-classic.json')],
    [
      'evtx_dump --separate-json-attributes',
      'evtx-separate.jsonl',
      jsonLines('evtx-json/7031-separate-attributes.json', 'evtx-json/1036-classic.json'),
    ],
    [
      'Wazuh agent eventchannel JSON',
      'wazuh.json',
      fixture('wazuh/7031-eventchannel.json') + fixture('wazuh/1036-eventchannel.json'),
    ],
    [
      'Wazuh manager archives JSON and the agent JSON mixed',
      'wazuh-archives.json',
      fixture('wazuh/7031-archives.json') + fixture('wazuh/1036-eventchannel.json'),
    ],
  ])('finds the KB819865 incident in %s', (_what, name, text) => {
    const { code, incidents, stderr } = scan(file(name, text));
    expect(code).toBe(0);
    expect(incidents.map((i) => [i.ruleId, i.node, i.evidence.map((e) => e.eventId)])).toEqual([
      ['KB819865', 'EXCH01.corp.example.com', [7031, 1036]],
    ]);
    expect(stderr).toMatch(/2 events, 2 matches, 1 incidents, 0 rejected/);
  });

  it('accepts the new shapes as --format choices', () => {
    const path = file(
      'forced.json',
      fixture('powershell/7031-ps7.json') + fixture('powershell/1036-ps7.json'),
    );
    expect(scan('--format', 'powershell', path).incidents).toHaveLength(1);
  });
});

describe('scan surfaces what it cannot read', () => {
  it('counts records of an unknown shape as rejected unknown-shape, not as events', () => {
    const azure = {
      TimeGenerated: '2024-03-14T02:17:45Z',
      Computer: 'EXCH01',
      EventID: 4624,
      Type: 'SecurityEvent',
    };
    const path = file('azure.jsonl', `${JSON.stringify(azure)}\n${JSON.stringify(azure)}\n`);
    const rejects = join(work, 'azure-rejects.jsonl');
    const { code, stderr } = scan('--rejects', rejects, path);
    expect(code).toBe(0);
    expect(stderr).toMatch(/0 events, 0 matches, 0 incidents, 2 rejected \(unknown-shape 2\)/);
    expect(JSON.parse(readFileSync(rejects, 'utf8').split('\n')[0] ?? '')).toMatchObject({
      reason: 'unknown-shape',
      source: { object: path, line: 1 },
    });
  });

  it('warns once per file when zone-less times disagree with the absolute times beside them', () => {
    const record = { ...JSON.parse(fixture('nxlog/7031-ce.json')), '@timestamp': '2024-03-14T02:17:46.412Z' };
    const path = file('nxlog-ce.jsonl', `${JSON.stringify(record)}\n${JSON.stringify(record)}\n`);
    const { stderr } = scan(path);
    const warnings = stderr.split('\n').filter((line) => line.includes('zone-mismatch'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(path);
    expect(warnings[0]).toMatch(/EventTime .* @timestamp .*UTC\+01:00.*--timezone/);
    expect(scan('--timezone', 'Europe/Berlin', path).stderr).not.toContain('zone-mismatch');
  });
});
