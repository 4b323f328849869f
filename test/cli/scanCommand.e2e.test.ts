import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_FROM_SOURCE } from '../support/cliFromSource';
import { PROJECT_ROOT, runScan as scan } from '../support/runScan';
import { iisAdminCrashXml, imapStartFailureXml } from '../support/windowsEventRecords';

const work = mkdtempSync(join(tmpdir(), 'scan-e2e-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('winlog-correlator scan', () => {
  it('stops quietly with status 141 when the reader of its output goes away (`scan FILE | head`)', () => {
    const file = join(work, 'an-incident-on-each-of-3000-nodes.xml');
    const pairs = Array.from({ length: 3000 }, (_, i) => {
      const node = `EXCH${i}.corp.example.com`;
      return `${iisAdminCrashXml({ node, at: '2024-03-14T02:00:00Z', recordId: 2 * i })}\n${imapStartFailureXml({ node, at: '2024-03-14T02:00:05Z', recordId: 2 * i + 1 })}`;
    });
    writeFileSync(file, `${pairs.join('\n')}\n`);
    const script = `"$0" "$1" scan "$2" | head -c 100 >/dev/null; echo "status \${PIPESTATUS[0]}" >&2`;
    const result = spawnSync('bash', ['-c', script, process.execPath, CLI_FROM_SOURCE, file], {
      encoding: 'utf8',
    });
    expect(result.stderr).toMatch(/\nstatus 141\n$/);
    expect(result.stderr).not.toMatch(/EPIPE|Error/);
  });

  it('finds the three KB819865 incidents in the bundled samples, across formats and objects', () => {
    const { code, incidents, stderr } = scan('samples/');
    expect(code).toBe(0);
    expect(incidents.map((i) => [i.node, i.status])).toEqual([
      ['EXCH01.corp.example.com', 'open'],
      ['EXCH02.corp.example.com', 'resolved'],
      ['EXCH03', 'open'],
    ]);
    expect(stderr).toMatch(
      /scan: 6 files, .*, 262 events, \d+ matches, 3 incidents, 1 rejected \(truncated-record 1\)/,
    );
  });

  it('prints every field of the output contract', () => {
    const [incident] = scan('samples/exch01').incidents;
    expect(Object.keys(incident ?? {})).toEqual(
      expect.arrayContaining([
        'incidentId',
        'ruleId',
        'node',
        'title',
        'severity',
        'firstEventAt',
        'lastEventAt',
        'remediation',
        'kb',
        'evidence',
        'omittedEvidence',
      ]),
    );
    expect(incident?.evidence[0]).toMatchObject({
      eventId: 7031,
      recordId: 581234,
      computer: 'EXCH01.corp.example.com',
      channel: 'System',
      provider: 'Service Control Manager',
      time: '2024-03-14T02:17:45.1230000Z',
      source: { object: 'samples/exch01/system-wevtutil.xml' },
    });
    expect(incident?.evidence[1]).toMatchObject({ eventId: 1036, source: { line: 61 } });
  });

  it('gives the same incident ids on every run', () => {
    const first = scan('samples/').incidents.map((i) => i.incidentId);
    expect(first).toHaveLength(3);
    expect(scan('samples/').incidents.map((i) => i.incidentId)).toEqual(first);
  });

  it('widens the window with --window', () => {
    const { incidents } = scan('--window', '3h', 'samples/kinesis');
    expect(incidents.map((i) => i.node)).toEqual(['EXCH05.corp.example.com']);
  });

  it('writes rejected records with where they came from and why to --rejects', () => {
    const rejects = join(work, 'rejects.jsonl');
    expect(scan('--rejects', rejects, 'samples/kinesis').code).toBe(0);
    const lines = readFileSync(rejects, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toEqual([
      expect.objectContaining({
        reason: 'truncated-record',
        source: expect.objectContaining({ object: 'samples/kinesis/exch05-2024-03-14.json', line: 33 }),
        record: '{"EventId":7031,"Description":"The IIS Adm',
      }),
    ]);
  });

  it('reads records written by real systems with no rejects and no incident', () => {
    const { code, incidents, stderr } = scan(
      'test/fixtures/realdata/xml',
      'test/fixtures/realdata/nxlog-json',
      'test/fixtures/realdata/export-winevents-json',
    );
    expect(code).toBe(0);
    expect(incidents).toEqual([]);
    expect(stderr).toMatch(/ 0 rejected/);
  });

  it('reads a gzip file whose name says nothing about gzip', () => {
    const file = join(work, 'object-without-extension');
    writeFileSync(
      file,
      gzipSync(readFileSync(join(PROJECT_ROOT, 'samples/exch02/EXCH02/2024-03-14/02.30.00.1'))),
    );
    expect(scan(file).incidents).toHaveLength(1);
  });

  it('reads NXLog CE local times in --timezone, so a crash logged in Berlin pairs with a UTC failure', () => {
    const crash = JSON.parse(
      readFileSync(join(PROJECT_ROOT, 'test/fixtures/formats/nxlog/7031-ce.json'), 'utf8'),
    );
    const failure = readFileSync(
      join(PROJECT_ROOT, 'test/fixtures/formats/xml/1036-imap4svc-classic.xml'),
      'utf8',
    );
    const crashFile = join(work, 'nxlog-ce.json');
    const failureFile = join(work, 'application.xml');
    // 03:17:45 wall time in Berlin (UTC+1 in March) is 02:17:45Z, seven seconds before the 1036.
    writeFileSync(crashFile, `${JSON.stringify({ ...crash, EventTime: '2024-03-14 03:17:45' })}\n`);
    writeFileSync(failureFile, failure);
    expect(scan('--timezone', 'Europe/Berlin', crashFile, failureFile).incidents).toHaveLength(1);
    // Read as UTC, the crash would be an hour after the failure: no incident.
    expect(scan(crashFile, failureFile).incidents).toHaveLength(0);
  });

  it('exits 1 and names the path when a path cannot be read, after scanning the others', () => {
    const { code, incidents, stderr } = scan('samples/exch02', join(work, 'missing.json'));
    expect(code).toBe(1);
    expect(incidents).toHaveLength(1);
    expect(stderr).toMatch(/cannot read .*missing\.json: ENOENT/);
  });

  it('exits 2 with a helpful message for usage errors', () => {
    for (const args of [
      [],
      ['--window', 'soon', 'samples'],
      ['--format', 'csv', 'samples'],
      ['--timezone', 'Mars/Olympus', 'samples'],
      ['--bogus', 'samples'],
    ]) {
      const { code, stderr } = scan(...args);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr).toMatch(/winlog-correlator: .+\nRun 'winlog-correlator --help'/);
    }
  });

  it('exits 2 naming the file and field of a broken rule file', () => {
    const rules = join(work, 'broken.yaml');
    writeFileSync(
      rules,
      readFileSync(join(PROJECT_ROOT, 'rules/KB819865.yaml'), 'utf8').replace('window: 60m', 'window: sixty'),
    );
    const { code, stderr } = scan('--rules', rules, 'samples');
    expect(code).toBe(2);
    expect(stderr).toContain(`${rules}: window: 'sixty' is not a duration`);
  });

  it('documents every option in --help', () => {
    const result = spawnSync(process.execPath, [CLI_FROM_SOURCE, 'scan', '--help'], {
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
    for (const option of ['--window', '--rules', '--format', '--timezone', '--rejects', '--lateness']) {
      expect(result.stdout).toContain(option);
    }
  });
});
