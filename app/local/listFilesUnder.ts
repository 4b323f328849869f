import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

export interface FoundFile {
  readonly path: string;
  /** Relative to the folder, with '/' separators: the tail of the object key. */
  readonly relativePath: string;
  readonly size: number;
  readonly modifiedMs: number;
}

/**
 * Regular files under a folder, recursively, in name order. Names starting with '.' are skipped (files
 * and folders): editors and copy tools write partial files under such names.
 */
export async function listFilesUnder(folder: string): Promise<FoundFile[]> {
  const found: FoundFile[] = [];
  const visit = async (directory: string): Promise<void> => {
    let names: string[];
    try {
      names = (await readdir(directory)).sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const name of names) {
      if (name.startsWith('.')) continue;
      const path = join(directory, name);
      const stats = await stat(path).catch(() => undefined);
      if (stats?.isDirectory()) await visit(path);
      else if (stats?.isFile()) {
        const relativePath = relative(folder, path).split(sep).join('/');
        found.push({ path, relativePath, size: stats.size, modifiedMs: stats.mtimeMs });
      }
    }
  };
  await visit(folder);
  return found;
}
