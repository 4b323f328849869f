import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runScan as scan } from '../support/runScan';
import { iisAdminCrashEcs, imapStartFailureEcs } from '../support/windowsEventRecords';

const work = mkdtempSync(join(tmpdir(), 'scan-skew-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('scan with a wrong clock in the input', () => {
  it('rejects an event dated 2099 as future-time and still alerts on the real pair that follows', () => {
    const file = join(work, 'node-d.ndjson');
    const node = 'EXCH-D.corp.example.com';
    writeFileSync(
      file,
      [
        iisAdminCrashEcs({ node, at: '2099-01-01T00:00:00.0000000Z', recordId: 1 }),
        iisAdminCrashEcs({ node, at: '2024-03-14T02:00:00.0000000Z', recordId: 2 }),
        imapStartFailureEcs({ node, at: '2024-03-14T02:00:09.0000000Z', recordId: 3 }),
        '',
      ].join('\n'),
    );

    const { code, incidents, stderr } = scan(file);

    expect(code).toBe(0);
    expect(incidents).toHaveLength(1);
    expect(stderr).toMatch(/future-time 1/);
  });

  it('names the nodes whose matches came too late to correlate, as when a clock was set back years', () => {
    const file = join(work, 'clock-set-back.ndjson');
    const node = 'EXCH-R.corp.example.com';
    const hostile = 'EXCH-S\u009b31m';
    writeFileSync(
      file,
      [
        iisAdminCrashEcs({ node, at: '2024-03-14T02:00:00.0000000Z', recordId: 1 }),
        iisAdminCrashEcs({ node: hostile, at: '2024-03-14T02:00:00.0000000Z', recordId: 1 }),
        iisAdminCrashEcs({ node, at: '2001-01-01T00:00:00.0000000Z', recordId: 2 }),
        imapStartFailureEcs({ node, at: '2001-01-01T00:00:09.0000000Z', recordId: 3 }),
        iisAdminCrashEcs({ node: hostile, at: '2001-01-01T00:00:00.0000000Z', recordId: 2 }),
        '',
      ].join('\n'),
    );

    const { code, incidents, stderr } = scan(file);

    expect(code).toBe(0);
    expect(incidents).toHaveLength(0);
    expect(stderr).toContain('3 late matches ignored');
    expect(stderr).toMatch(/late matches by node .*: EXCH-R\.corp\.example\.com 2, "EXCH-S\\u009b31m" 1\n/);
  });

  it('names the five nodes with the most late matches and counts the others', () => {
    const file = join(work, 'six-nodes-set-back.ndjson');
    const lines = Array.from({ length: 6 }, (_, n) => {
      const node = `EXCH-${n}.corp.example.com`;
      const late = Array.from({ length: 6 - n }, (_, i) =>
        iisAdminCrashEcs({ node, at: `2001-01-01T00:00:0${i}.0000000Z`, recordId: 10 + i }),
      );
      return [iisAdminCrashEcs({ node, at: '2024-03-14T02:00:00.0000000Z', recordId: 1 }), ...late];
    });
    writeFileSync(file, `${lines.flat().join('\n')}\n`);

    const { stderr } = scan(file);

    expect(stderr).toContain(
      'late matches by node (a clock set back, or logs older than what was read before): ' +
        'EXCH-0.corp.example.com 6, EXCH-1.corp.example.com 5, EXCH-2.corp.example.com 4, ' +
        'EXCH-3.corp.example.com 3, EXCH-4.corp.example.com 2, and 1 more not named\n',
    );
  });

  it('names the nodes whose pending matches the state budget dropped', () => {
    const file = join(work, 'pending-flood.ndjson');
    const crashes = Array.from({ length: 400 }, (_, i) => {
      const node = i % 4 === 0 ? 'EXCH-B.corp.example.com' : 'EXCH-A.corp.example.com';
      const at = new Date(Date.UTC(2024, 2, 14, 0, 0, i)).toISOString().replace('Z', '0000Z');
      const crash = JSON.parse(iisAdminCrashEcs({ node, at, recordId: i })) as Record<string, unknown>;
      return JSON.stringify({ ...crash, message: `${crash.message} ${i} ${'x'.repeat(4000)}` });
    });
    writeFileSync(file, `${crashes.join('\n')}\n`);

    const { code, stderr } = scan('--max-state-bytes', '1048576', file);

    expect(code).toBe(0);
    const dropped = Number(/(\d+) dropped as state-overflow/.exec(stderr)?.[1]);
    expect(dropped).toBeGreaterThan(0);
    const line =
      /state-overflow by node \(.*\): EXCH-A\.corp\.example\.com (\d+), EXCH-B\.corp\.example\.com (\d+)\n/.exec(
        stderr,
      );
    expect(Number(line?.[1]) + Number(line?.[2])).toBe(dropped);
  });

  it.each([
    ['--window', `${'9'.repeat(400)}d`],
    ['--window', '36500d'],
    ['--lateness', '31d'],
    ['--max-clock-skew', '8d'],
  ])('refuses %s %s as a usage error naming the option', (option, value) => {
    const { code, stderr } = scan(option, value, 'samples');
    expect(code).toBe(2);
    expect(stderr).toContain(`${option}: '`);
    expect(stderr).toContain('longer than the most allowed');
  });
});
