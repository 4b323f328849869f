import { DEFAULT_MAX_DAYS } from '../shared/auditRange';
import { DATA_SOURCE_USAGE } from '../shared/dataSourceUsage';

export const DEFAULT_SINCE = '30d';

/** `winlog-correlator audit --help`: loaded without the command, so help answers at once. */
export const AUDIT_USAGE = `Usage: winlog-correlator audit [options]

Answers from the audit trail: which nodes had a failure, when, with what evidence, who was told, and
whether it was fixed. Reads only the day partitions (dt=YYYY-MM-DD, the UTC day a record was written)
that --since and --until cover, and folds each incident's records into one row.

${DATA_SOURCE_USAGE}

What to show:
  --view VIEW             incidents: one row per incident, open or resolved, with time to resolve (default)
                          evidence: every evidence event (and the resolving event) with where it was read
                          notifications: every alert and resolution message sent, and where to
                          repeated: nodes where one rule raised more than one incident
  --node NAME             only this node (case ignored)
  --rule ID               only this rule
  --incident ID           only this incident
  --since TIME            records written from TIME: a UTC date (2024-03-14), a time with its zone
                          (2024-03-14T02:00:00Z) or a duration back from now (7d, 36h) (default: ${DEFAULT_SINCE})
  --until TIME            ...up to TIME; a date means the end of that day (default: now)
  --max-days N            most day partitions one run reads (default: ${DEFAULT_MAX_DAYS})
  --output FORMAT         table|ndjson|csv (default: table on a terminal, else ndjson); CSV is RFC 4180,
                          and text starting with = + - @ gets a leading ' so spreadsheets do not run it
  -h, --help              show this help

An incident shows what its records in the range say: widen the range to see all of a long-lived one.
Exit status: 0 when the trail was read (unreadable records are reported on stderr), 1 when it could
not be, 2 for usage errors.`;
