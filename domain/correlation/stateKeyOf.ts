/** The key of one rule's correlation state on one node, within one process. */
export function stateKeyOf(ruleId: string, nodeKey: string): string {
  return `${ruleId}\u0000${nodeKey}`;
}
