import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Refuses a LevelDB folder that cannot open (an empty or missing CURRENT, or one naming a MANIFEST
 * that is gone): dynalite would otherwise fail later with an uncaught "Database is closed". Says which
 * folder and how to recover; sent alerts stay in the outbox, which `local` consults before sending.
 */
export function checkLevelDbFolder(folder: string): void {
  if (!existsSync(folder) || readdirSync(folder).length === 0) return;
  const current = join(folder, 'CURRENT');
  const manifest = existsSync(current) ? readFileSync(current, 'utf8').trim() : '';
  const problem =
    manifest === ''
      ? 'its CURRENT file is missing or empty'
      : existsSync(join(folder, manifest))
        ? undefined
        : `its CURRENT file names ${manifest}, which is missing`;
  if (problem === undefined) return;
  throw new Error(
    `the DynamoDB stand-in's data in ${folder} is damaged (${problem}). To recover, move it away ` +
      `(mv '${folder}' '${folder}.damaged') and start again: correlation state starts empty, and alerts ` +
      'already in the outbox folder are not sent again.',
  );
}
