import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface InputListing {
  readonly files: string[];
  /** Paths that could not be read, with the reason. */
  readonly unreadable: { readonly path: string; readonly reason: string }[];
}

/** Expands files and directories (recursively, by name order) in the given order: the arrival order. */
export function listInputFiles(paths: readonly string[]): InputListing {
  const listing: InputListing = { files: [], unreadable: [] };
  for (const path of paths) visit(path, listing);
  return listing;
}

function visit(path: string, listing: InputListing): void {
  try {
    const stats = statSync(path);
    if (stats.isDirectory()) {
      for (const name of readdirSync(path).sort()) visit(join(path, name), listing);
    } else if (stats.isFile()) {
      listing.files.push(path);
    }
  } catch (error) {
    listing.unreadable.push({
      path,
      reason: (error as NodeJS.ErrnoException).code ?? (error as Error).message,
    });
  }
}
