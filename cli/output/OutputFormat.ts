import { UsageError } from '../UsageError';

export type OutputFormat = 'table' | 'ndjson' | 'csv';

const FORMATS: readonly OutputFormat[] = ['table', 'ndjson', 'csv'];

/** `--output`, or by default a table on a terminal and NDJSON for pipes and files. */
export function outputFormatOption(text: string | undefined, isTTY: boolean): OutputFormat {
  if (text === undefined) return isTTY ? 'table' : 'ndjson';
  if (!FORMATS.includes(text as OutputFormat))
    throw new UsageError(`--output must be one of ${FORMATS.join(', ')}, got '${text}'`);
  return text as OutputFormat;
}
