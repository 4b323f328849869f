import type { RuleMatch } from './CorrelationState';

/** Index of the first match at or after `timeMs` in a list sorted by event time. */
export function firstAtOrAfter(list: readonly RuleMatch[], timeMs: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((list[mid] as RuleMatch).event.timeMs < timeMs) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Index of the first match after `timeMs` in a list sorted by event time. */
export function firstAfter(list: readonly RuleMatch[], timeMs: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((list[mid] as RuleMatch).event.timeMs <= timeMs) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Inserts after every match of the same or an earlier time: O(1) for matches arriving in time order. */
export function insertByTime(list: RuleMatch[], match: RuleMatch): void {
  const last = list[list.length - 1];
  if (!last || last.event.timeMs <= match.event.timeMs) {
    list.push(match);
    return;
  }
  list.splice(firstAfter(list, match.event.timeMs), 0, match);
}

/** Removes one match (by identity) from a list sorted by event time. */
export function removeByTime(list: RuleMatch[], match: RuleMatch): void {
  for (let i = firstAtOrAfter(list, match.event.timeMs); i < list.length; i++) {
    const candidate = list[i] as RuleMatch;
    if (candidate === match) {
      list.splice(i, 1);
      return;
    }
    if (candidate.event.timeMs > match.event.timeMs) return;
  }
}
