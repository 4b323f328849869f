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
