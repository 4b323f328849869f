import { createHash } from 'node:crypto';
import { type NormalisedEvent, nodeKey } from '../event/NormalisedEvent';
import { normaliseText } from '../rules/compileCondition';

/**
 * Identity of a record across deliveries and shippers. Times are cut to whole seconds because the same
 * record arrives with 0 to 9 fraction digits depending on the shipper; record ids restart when a log is
 * cleared, so they never stand alone.
 */
export function matchKey(event: NormalisedEvent): string {
  const parts = [
    nodeKey(event.node),
    event.channel.toLowerCase(),
    event.provider.toLowerCase(),
    String(event.eventId),
    String(Math.floor(event.timeMs / 1000)),
  ];
  if (event.recordId !== undefined) parts.push(`#${event.recordId}`);
  else parts.push(shortHash(normaliseText(event.message ?? JSON.stringify(event.data))));
  return parts.join('|');
}

export function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
