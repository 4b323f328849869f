import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const METADATA_SUFFIX = '._S3rver_metadata.json';
const OBJECT_FILE_SUFFIXES = ['._S3rver_object', '._S3rver_object.md5', METADATA_SUFFIX];

/**
 * Moves objects that a killed run left half-written in s3rver's folder (metadata that is not JSON)
 * to `damagedDirectory`, keeping their relative path, and returns their paths. s3rver fails every
 * listing of a bucket holding one (HTTP 500), which would stop the local pipeline at start. What
 * moves is recoverable: raw objects are uploaded again from the watch folder, and an audit record
 * whose write did not finish is still in its correlation outbox, which writes it again.
 */
export function setAsideTornObjects(directory: string, damagedDirectory: string): string[] {
  if (!existsSync(directory)) return [];
  const moved: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(METADATA_SUFFIX) && !isJson(path)) {
        const objectPath = path.slice(0, -METADATA_SUFFIX.length);
        for (const suffix of OBJECT_FILE_SUFFIXES) {
          const file = `${objectPath}${suffix}`;
          if (!existsSync(file)) continue;
          const target = join(damagedDirectory, relative(directory, file));
          mkdirSync(dirname(target), { recursive: true });
          renameSync(file, target);
        }
        moved.push(relative(directory, objectPath));
      }
    }
  };
  walk(directory);
  return moved;
}

function isJson(path: string): boolean {
  try {
    JSON.parse(readFileSync(path, 'utf8'));
    return true;
  } catch {
    return false;
  }
}
