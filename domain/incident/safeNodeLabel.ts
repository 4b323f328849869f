/** DNS labels, plus the underscore NetBIOS names allow (`EXCH_NODE1`); every label starts with a letter or digit. */
const HOSTNAME = /^[A-Za-z0-9](?:[A-Za-z0-9_-]{0,62})(?:\.[A-Za-z0-9](?:[A-Za-z0-9_-]{0,62}))*$/;

/**
 * A node name fit for an alert subject or SMS: log lines are untrusted, so only a plain DNS/NetBIOS name
 * passes, cut to `maxLength`; anything else becomes `unrecognised node`.
 */
export function safeNodeLabel(node: string, maxLength: number): string {
  const trimmed = node.trim();
  if (!HOSTNAME.test(trimmed)) return 'unrecognised node';
  return trimmed.length <= maxLength ? trimmed : `${trimmed.slice(0, maxLength - 1)}~`;
}

/**
 * Characters that could break a line, or reorder or hide text, in an alert: controls, format characters
 * (bidirectional overrides, zero-width), line and paragraph separators, lone surrogates; and the quote and
 * backslash that `nodeInText` escapes with.
 */
const UNSAFE_IN_TEXT = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}"\\]/gu;

/**
 * A node name as it goes into an alert's text (the Node line, the remediation's `{node}`): a plain DNS or
 * NetBIOS name as it is; anything else in double quotes, with each unsafe character written as `\uXXXX`,
 * so a log line cannot add lines, steps or hidden text to an alert. Cut (marked `~`) past `maxLength`.
 */
export function nodeInText(node: string, maxLength = Number.POSITIVE_INFINITY): string {
  if (HOSTNAME.test(node) && node.length <= maxLength) return node;
  const shown = node.length <= maxLength ? node : `${node.slice(0, maxLength - 1)}~`;
  const escaped = shown.replace(UNSAFE_IN_TEXT, (char) =>
    char === '"' || char === '\\' ? `\\${char}` : unicodeEscape(char),
  );
  return `"${escaped}"`;
}

/** `\uXXXX` for one UTF-16 code unit: how an alert shows a character it must not pass on as it is. */
export function unicodeEscape(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}
