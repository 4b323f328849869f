import { shortHash } from './matchKey';

/** Longest node key stored as it is: 200 UTF-16 units are at most 600 bytes of UTF-8. */
const MAX_PLAIN_NODE_KEY = 200;

/**
 * A node key as it may appear inside a store's keys. DynamoDB keys hold at most 2048 bytes, and a
 * shipper can send a host name of any length; a long key keeps a readable start and a hash of the
 * whole, so distinct nodes stay distinct. Incidents, alerts and the audit trail keep the full name.
 */
export function storageKeyOfNode(nodeKey: string): string {
  if (nodeKey.length <= MAX_PLAIN_NODE_KEY) return nodeKey;
  return `${nodeKey.slice(0, 64)}~${shortHash(nodeKey)}`;
}
