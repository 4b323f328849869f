import { UsageError } from '../UsageError';

const MAX_REASON_LENGTH = 500;

/** `--node`: required, not blank. */
export function nodeOption(text: string | undefined): string {
  const node = text?.trim() ?? '';
  if (node === '') throw new UsageError('--node is required: the Windows computer name as its events log it');
  return node;
}

/** `--reason`: required, one line of readable text, so the audit trail says why alerts were held back. */
export function reasonOption(text: string | undefined): string {
  const reason = text?.trim() ?? '';
  if (reason === '') throw new UsageError('--reason is required: say why (it is kept in the audit trail)');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing them is the point
  if (/[\u0000-\u001F\u007F]/.test(reason)) throw new UsageError('--reason must be one line of text');
  if (reason.length > MAX_REASON_LENGTH)
    throw new UsageError(`--reason is longer than ${MAX_REASON_LENGTH} characters`);
  return reason;
}
