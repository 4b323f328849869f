import type { FormatChoice } from '../domain/input/ReadOptions';

/** The values of `--format`: auto-detection per record, or one shape for every record. */
export const FORMATS: readonly FormatChoice[] = [
  'auto',
  'xml',
  'evtx',
  'ecs',
  'nxlog',
  'fluentbit',
  'kinesis',
  'cwl',
  'export-winevents',
  'powershell',
  'evtx-json',
  'wazuh',
];
