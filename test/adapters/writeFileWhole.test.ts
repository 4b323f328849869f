import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UNFINISHED_SUFFIX, writeFileWhole } from '../../adapters/node/writeFileWhole';

const folder = mkdtempSync(join(tmpdir(), 'winlog-whole-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('writeFileWhole', () => {
  it('replaces the old content with the new, leaving nothing unfinished beside it', async () => {
    const file = join(folder, 'servers.json');
    writeFileSync(file, '{"old":true}\n');
    await writeFileWhole(file, '{"new":true}\n');
    expect(readFileSync(file, 'utf8')).toBe('{"new":true}\n');
    expect(readdirSync(folder).filter((name) => name.endsWith(UNFINISHED_SUFFIX))).toEqual([]);
  });

  it('lets writes of one file from several callers all finish, the last one standing', async () => {
    const file = join(folder, 'checkpoints.json');
    await Promise.all(['a', 'b', 'c'].map((text) => writeFileWhole(file, text)));
    expect(['a', 'b', 'c']).toContain(readFileSync(file, 'utf8'));
  });
});
