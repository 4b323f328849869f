const HOSTNAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))*$/;

/**
 * A node name fit for an alert subject or SMS: log lines are untrusted, so only a plain DNS/NetBIOS name
 * passes, cut to `maxLength`; anything else becomes `unrecognised node`.
 */
export function safeNodeLabel(node: string, maxLength: number): string {
  const trimmed = node.trim();
  if (!HOSTNAME.test(trimmed)) return 'unrecognised node';
  return trimmed.length <= maxLength ? trimmed : `${trimmed.slice(0, maxLength - 1)}~`;
}
