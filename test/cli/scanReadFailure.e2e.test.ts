import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runScan } from '../support/runScan';
import { iisAdminCrashEcs, imapStartFailureEcs } from '../support/windowsEventRecords';

const work = mkdtempSync(join(tmpdir(), 'scan-read-failure-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function pairFile(name: string, node: string): string {
  const path = join(work, name);
  writeFileSync(
    path,
    `${iisAdminCrashEcs({ node, at: '2024-03-14T02:17:45.1230000Z', recordId: 1 })}\n${imapStartFailureEcs({ node, at: '2024-03-14T02:18:45.1230000Z', recordId: 2 })}\n`,
  );
  return path;
}

/** Opens like a regular file, then fails its first read with EIO: an I/O error after opening. */
const FAILS_AFTER_OPENING = '/proc/self/mem';

describe('scan with a file that fails while it is read', () => {
  it('reports the file as unreadable, keeps the other files incidents and exits 1', () => {
    const before = pairFile('before.json', 'EXCH01');
    const after = pairFile('after.json', 'EXCH02');

    const run = runScan(before, FAILS_AFTER_OPENING, after);

    expect(run.stderr).toContain(`scan: cannot read ${FAILS_AFTER_OPENING}: EIO`);
    expect(run.incidents.map((incident) => incident.node)).toEqual(['EXCH01', 'EXCH02']);
    expect(run.stderr).toMatch(/scan: 2 files, .* 2 incidents/);
    expect(run.code).toBe(1);
  });
});
