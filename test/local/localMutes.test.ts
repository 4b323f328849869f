import { mkdtempSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startLocalPipeline } from '../../app/local/startLocalPipeline';
import { muteCommand } from '../../cli/mute/muteCommand';
import { unmuteCommand } from '../../cli/mute/unmuteCommand';
import { capturedIo } from '../audit/auditTestSupport';
import { iisAdminCrashXml, imapStartFailureXml } from '../support/windowsEventRecords';

const root = mkdtempSync(join(tmpdir(), 'winlog-local-mutes-'));

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function kbPair(node: string, atMs: number, recordId: number): string {
  return `${iisAdminCrashXml({ node, at: new Date(atMs).toISOString(), recordId })}\n${imapStartFailureXml({ node, at: new Date(atMs + 9000).toISOString(), recordId: recordId + 1 })}\n`;
}

describe('a maintenance window set while npm start runs', () => {
  it('keeps the muted node from alerting, records why, and alerts again once unmuted', async () => {
    const dataDir = join(root, 'data');
    const watchDir = join(dataDir, 'inbox');
    const lines: string[] = [];
    const pipeline = await startLocalPipeline({
      dataDir,
      outboxDir: join(dataDir, 'outbox'),
      watchDir,
      log: (text) => lines.push(text),
    });
    const node = 'EXCH09.corp.example.com';
    try {
      const set = capturedIo();
      const args = [
        '--data-dir',
        dataDir,
        '--node',
        node,
        '--for',
        '2h',
        '--reason',
        'patching, change 4711',
      ];
      expect(await muteCommand(args, set.io)).toBe(0);

      await writeFile(join(watchDir, 'during.xml'), kbPair(node, Date.now() - 3 * 3_600_000, 31));
      await pipeline.uploadFolder(watchDir, 'inbox/');
      await pipeline.drained();
      expect(await pipeline.summary()).toMatchObject({ alerts: 0, muted: 1, historical: 0 });
      expect(lines.join('')).toMatch(
        /not paged: KB819865 on EXCH09\.corp\.example\.com \(incident KB819865-\w+\), muted: patching, change 4711/,
      );

      expect(await unmuteCommand(['--data-dir', dataDir, '--node', node], capturedIo().io)).toBe(0);
      await writeFile(join(watchDir, 'after.xml'), kbPair(node, Date.now() - 60_000, 41));
      await pipeline.uploadFolder(watchDir, 'inbox/');
      await pipeline.drained();
      expect(await pipeline.summary()).toMatchObject({ alerts: 1, muted: 1 });
    } finally {
      await pipeline.stop();
    }
  });
});
