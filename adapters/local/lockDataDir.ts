import { open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { isProcessRunning } from './runningServers';

/** Held while a local pipeline uses a data folder; `release` removes the lock file. */
export interface DataDirLock {
  release(): Promise<void>;
}

/**
 * Takes `<dataDir>/.lock` (holding this process id), so that a second pipeline on the same folder fails
 * with a plain message instead of crashing inside the DynamoDB stand-in's LevelDB store. A lock left by
 * a process that no longer runs is taken over.
 */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  const file = join(dataDir, '.lock');
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return { release: () => rm(file, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number((await readFile(file, 'utf8').catch(() => '')).trim());
      if (Number.isSafeInteger(holder) && holder > 0 && isProcessRunning(holder)) {
        throw new Error(`the data folder ${dataDir} is in use by process ${holder}`);
      }
      await rm(file, { force: true });
    }
  }
  throw new Error(`cannot lock the data folder ${dataDir}`);
}
