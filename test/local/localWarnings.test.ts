import { mkdtempSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runLocalPipelineOnce } from '../../app/local/startLocalPipeline';
import { iisAdminCrashEcs, imapStartFailureEcs } from '../support/windowsEventRecords';

const root = mkdtempSync(join(tmpdir(), 'winlog-local-warnings-'));

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('the local runner', () => {
  it('warns, naming the file, about records of unknown shape, a zone mismatch and late matches', async () => {
    const dataDir = join(root, 'data');
    const watchDir = join(dataDir, 'inbox');
    await mkdir(watchDir, { recursive: true });
    const azure = {
      TimeGenerated: '2024-03-14T02:17:45Z',
      Computer: 'EXCH41',
      EventID: 4624,
      Type: 'SecurityEvent',
    };
    await writeFile(
      join(watchDir, 'azure-export.json'),
      `${JSON.stringify(azure)}\n${JSON.stringify(azure)}\n`,
    );
    const nxlogCe = {
      EventTime: '2024-03-14 03:17:40',
      Hostname: 'EXCH41.corp.example.com',
      EventID: 7036,
      SourceName: 'Service Control Manager',
      Channel: 'System',
      SeverityValue: 2,
      '@timestamp': '2024-03-14T02:17:41.000Z',
    };
    await writeFile(join(watchDir, 'nxlog-ce.json'), `${JSON.stringify(nxlogCe)}\n`);
    const node = 'EXCH42.corp.example.com';
    // One object's matches are correlated in time order: the clock goes back between objects.
    await writeFile(
      join(watchDir, 'a-before.ndjson'),
      `${iisAdminCrashEcs({ node, at: '2024-03-14T02:00:00.0000000Z', recordId: 1 })}\n`,
    );
    // More late matches than one state save takes (500): still one warning for the node.
    const lateCrashes = Array.from({ length: 600 }, (_, i) =>
      iisAdminCrashEcs({ node, at: new Date(Date.UTC(2001, 0, 1, 0, 0, i)).toISOString(), recordId: 10 + i }),
    );
    await writeFile(
      join(watchDir, 'b-clock-set-back.ndjson'),
      [
        ...lateCrashes,
        imapStartFailureEcs({ node, at: '2001-01-01T00:10:09.0000000Z', recordId: 3 }),
        '',
      ].join('\n'),
    );
    const lines: string[] = [];

    await runLocalPipelineOnce({
      dataDir,
      outboxDir: join(dataDir, 'outbox'),
      watchDir,
      log: (text) => lines.push(text),
    });

    const warnings = lines.filter((line) => line.includes('warning:'));
    expect(warnings).toHaveLength(3);
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/warning: .*inbox\/azure-export\.json: 2 records of unknown shape/),
        expect.stringMatching(/warning: zone-mismatch in .*inbox\/nxlog-ce\.json: EventTime .*--timezone/),
        expect.stringMatching(
          /warning: .*inbox\/b-clock-set-back\.ndjson: 601 matches on EXCH42\.corp\.example\.com came too late to correlate/,
        ),
      ]),
    );
  });
});
