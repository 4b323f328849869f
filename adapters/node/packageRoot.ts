import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The folder holding this package's package.json, found upwards from a module's folder: the same from
 * the sources and from the compiled `dist/`, one level deeper. The module's own folder when there is
 * none (a bundle, as in the Lambda, carries what it needs beside itself).
 */
export function packageRoot(from: string = __dirname): string {
  for (let folder = from; ; folder = dirname(folder)) {
    if (existsSync(join(folder, 'package.json'))) return folder;
    if (dirname(folder) === folder) return from;
  }
}
