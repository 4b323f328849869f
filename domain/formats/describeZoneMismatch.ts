import type { ZoneMismatch } from './ZoneMismatch';

/** One line for an operator: which file, which two times disagree, and what to set. */
export function describeZoneMismatch(object: string, mismatch: ZoneMismatch): string {
  return (
    `zone-mismatch in ${object}: ${mismatch.field} ${JSON.stringify(mismatch.value)} read in ${mismatch.timeZone} ` +
    `disagrees with ${mismatch.referenceField} ${JSON.stringify(mismatch.referenceValue)} by more than 30 minutes; ` +
    `${mismatch.hint}`
  );
}
