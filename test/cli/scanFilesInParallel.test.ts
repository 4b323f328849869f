import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { BUNDLED_RULES_PATH, loadRules } from '../../adapters/node/loadRules';
import { listInputFiles } from '../../cli/listInputFiles';
import { type ScanOptions, scanFiles, scanOptionsFrom } from '../../cli/scan/scanFiles';
import type { RecordRejection } from '../../domain/event/RecordRejection';
import { parseIngestSettings } from '../../domain/settings/ingestSettings';
import {
  iisAdminCrashXml,
  iisAdminRunningXml,
  imapStartFailureXml,
  noiseXml,
} from '../support/windowsEventRecords';

const DEFAULT_SETTINGS = parseIngestSettings({}, 'flag');

const work = mkdtempSync(join(tmpdir(), 'scan-parallel-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Opens like a regular file, then fails its first read with EIO. */
const FAILS_AFTER_OPENING = '/proc/self/mem';
const NOW = Date.parse('2024-03-20T00:00:00Z');

function at(minute: number): string {
  return new Date(Date.parse('2024-03-14T02:00:00Z') + minute * 60_000).toISOString().replace('Z', '0000Z');
}

/**
 * A folder of eight files: pairs whose two steps lie in different files (correlation across files),
 * a resolution, noise, malformed records, an event from the future, gzip and plain.
 */
function writeFleetFolder(): string {
  const folder = join(work, 'fleet');
  mkdirSync(folder);
  for (let file = 0; file < 8; file++) {
    const lines: string[] = [];
    for (let i = 0; i < 300; i++)
      lines.push(noiseXml({ node: `SRV${i % 7}`, at: at(file * 10), recordId: file * 1000 + i }));
    lines.push(iisAdminCrashXml({ node: `EXCH${file}`, at: at(file * 10 + 1), recordId: file * 1000 + 500 }));
    if (file > 0) {
      lines.push(
        imapStartFailureXml({ node: `EXCH${file - 1}`, at: at(file * 10 + 2), recordId: file * 1000 + 501 }),
      );
    }
    if (file === 5) lines.push(iisAdminRunningXml({ node: 'EXCH3', at: at(file * 10 + 3), recordId: 5502 }));
    if (file === 6) {
      lines.push(iisAdminCrashXml({ node: 'EXCH9', at: '2030-01-01T00:00:00.0000000Z', recordId: 6600 }));
      lines.push(imapStartFailureXml({ node: 'EXCH9', at: '2030-01-01T00:00:05.0000000Z', recordId: 6601 }));
    }
    lines.push('{"not": "an event"}');
    lines.push(`<Event><System><EventID>7031</EventID></System> broken record ${file}`);
    const text = `${lines.join('\n')}\n`;
    const name = `${String(file).padStart(2, '0')}-system.xml`;
    if (file % 2 === 0) writeFileSync(join(folder, `${name}.gz`), gzipSync(text));
    else writeFileSync(join(folder, name), text);
  }
  return folder;
}

async function scan(files: readonly string[], readThreads: number) {
  const outputs: string[] = [];
  const options: ScanOptions = {
    ...scanOptionsFrom(DEFAULT_SETTINGS, loadRules(BUNDLED_RULES_PATH), 'auto'),
    now: () => NOW,
    readThreads,
  };
  const summary = await scanFiles(files, options, {
    incident: (report) => outputs.push(`incident ${JSON.stringify(report)}`),
    rejected: (rejection: RecordRejection) => outputs.push(`rejected ${JSON.stringify(rejection)}`),
    unreadable: (file, reason) => outputs.push(`unreadable ${file} ${reason}`),
  });
  return { outputs, summary };
}

describe('scan reading several files at once', () => {
  const folder = writeFleetFolder();
  const files = [
    ...listInputFiles([folder]).files.slice(0, 4),
    FAILS_AFTER_OPENING,
    ...listInputFiles([folder]).files.slice(4),
  ];

  it('reports the same incidents, rejections and unreadable file in the same order, and the same summary, as one at a time', async () => {
    const oneAtATime = await scan(files, 1);
    const fourAtATime = await scan(files, 4);

    expect(oneAtATime.outputs.filter((line) => line.startsWith('incident'))).toHaveLength(7);
    expect(oneAtATime.outputs.filter((line) => line.startsWith('rejected')).length).toBe(18);
    expect(oneAtATime.outputs).toContain(`unreadable ${FAILS_AFTER_OPENING} EIO`);
    expect(oneAtATime.summary.rejected).toEqual({
      'malformed-xml': 8,
      'truncated-record': 8,
      'future-time': 2,
    });
    expect(fourAtATime.outputs).toEqual(oneAtATime.outputs);
    expect(fourAtATime.summary).toEqual(oneAtATime.summary);
  });

  it('keeps the incidents of the other files when one fails while it is read, one at a time', async () => {
    const { summary } = await scan(files, 1);

    expect(summary.files).toBe(8);
    expect(summary.unreadable).toEqual([{ path: FAILS_AFTER_OPENING, reason: 'EIO' }]);
    expect(summary.incidents).toBe(7);
  });
});
