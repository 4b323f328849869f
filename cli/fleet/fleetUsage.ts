import { DEFAULT_MAX_DAYS } from '../shared/auditRange';
import { DATA_SOURCE_USAGE } from '../shared/dataSourceUsage';

export const DEFAULT_SILENT_AFTER = '24h';
export const DEFAULT_SINCE = '90d';

/** `winlog-correlator fleet --help`: loaded without the command, so help answers at once. */
export const FLEET_USAGE = `Usage: winlog-correlator fleet [options]

Per node: open incidents, incidents in the last 30 days, the last incident, and the last event seen
(the newest event the pipeline read from the node, kept in the state table). Worst nodes first: most
open incidents, then most incidents in 30 days, then the most recent incident. Nodes known only from
their events appear with no incidents; nodes silent for longer than --silent-after are flagged.

${DATA_SOURCE_USAGE}
  --table NAME            the correlation state table (needed with --bucket; default with --data-dir:
                          the one table there)
  --dynamodb-endpoint URL any DynamoDB-compatible server instead of AWS; needs --bucket and --table

Options:
  --since TIME            audit records read for incidents, as in 'audit --since' (default: ${DEFAULT_SINCE});
                          incidents opened earlier and still open are not counted
  --silent-after DURATION flag nodes with no event for longer than this (default: ${DEFAULT_SILENT_AFTER})
  --max-days N            most day partitions one run reads (default: ${DEFAULT_MAX_DAYS})
  --output FORMAT         table|ndjson|csv (default: table on a terminal, else ndjson)
  -h, --help              show this help

Exit status: 0 when the data was read, 1 when it could not be, 2 for usage errors.`;
