import { shortHash } from '../correlation/matchKey';

/** Longest node, channel or provider name kept whole; host names have at most 253 characters. */
export const MAX_NAME_CHARS = 4096;

/**
 * A name as a record gave it, bounded: a longer one keeps its start and a hash of the whole (in lower
 * case, as nodes compare), so distinct names stay distinct. A shipper can send a host name of any
 * length, and every evidence event, audit record and alert of an incident repeats it: 40,000 characters
 * made a state item too large to store, and the node's alert was never sent.
 */
export function boundName(name: string): string {
  if (name.length <= MAX_NAME_CHARS) return name;
  const mark = `~${shortHash(name.toLowerCase())}`;
  return `${name.slice(0, MAX_NAME_CHARS - mark.length)}${mark}`;
}
