import { rename, writeFile } from 'node:fs/promises';

/** The suffix of a file being written by `writeFileWhole`; one left behind is a write a kill cut short. */
export const UNFINISHED_SUFFIX = '.partial';

let writes = 0;

/**
 * Writes a file aside and renames it into place, so a reader, or the next start after a kill, sees the
 * old content or the new, never half of it.
 */
export async function writeFileWhole(path: string, text: string): Promise<void> {
  // One name per write: two writers of one file (two replays sharing a checkpoint) never share it.
  writes += 1;
  const unfinished = `${path}.${process.pid}-${writes}${UNFINISHED_SUFFIX}`;
  await writeFile(unfinished, text);
  await rename(unfinished, path);
}
