import { closeSync, openSync, readdirSync, realpathSync, type Stats, statSync } from 'node:fs';
import { join } from 'node:path';

export interface InputListing {
  readonly files: string[];
  /** Paths that could not be read, with the reason. */
  readonly unreadable: { readonly path: string; readonly reason: string }[];
}

/**
 * Expands files and directories (recursively, by name order) in the given order: the arrival order.
 * Each directory is walked once per real path, so symlinks back to a parent neither repeat nor loop.
 * Only regular files that can be opened are listed: a FIFO or device could block or never end, and a
 * file that cannot be opened is reported here rather than failing the run halfway.
 */
export function listInputFiles(paths: readonly string[]): InputListing {
  const listing: InputListing = { files: [], unreadable: [] };
  const walked = new Set<string>();
  for (const path of paths) visit(path, listing, walked);
  return listing;
}

function visit(path: string, listing: InputListing, walked: Set<string>): void {
  try {
    const stats = statSync(path);
    if (stats.isDirectory()) {
      const real = realpathSync(path);
      if (walked.has(real)) return;
      walked.add(real);
      for (const name of readdirSync(path).sort()) visit(join(path, name), listing, walked);
    } else if (stats.isFile()) {
      closeSync(openSync(path, 'r'));
      listing.files.push(path);
    } else {
      listing.unreadable.push({ path, reason: `not a regular file (${kindOf(stats)})` });
    }
  } catch (error) {
    listing.unreadable.push({
      path,
      reason: (error as NodeJS.ErrnoException).code ?? (error as Error).message,
    });
  }
}

function kindOf(stats: Stats): string {
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  return 'not a file or folder';
}
