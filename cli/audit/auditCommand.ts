import { foldIncidents } from '../../domain/audit/foldIncidents';
import { queryAuditTrail } from '../../domain/audit/queryAuditTrail';
import { parseCommandLine, positiveIntegerOption } from '../commonOptions';
import { outputFormatOption } from '../output/OutputFormat';
import { writeRows } from '../output/writeRows';
import { checkRange, DEFAULT_MAX_DAYS, reportUnreadable } from '../shared/auditRange';
import { type CommandIo, processIo } from '../shared/CommandIo';
import { DataUnavailableError } from '../shared/DataUnavailableError';
import {
  DATA_SOURCE_ARGS,
  DATA_SOURCE_USAGE,
  dataSourceOptions,
  openDataSource,
} from '../shared/openDataSource';
import { timeOption } from '../shared/timeOption';
import { UsageError } from '../UsageError';
import { AUDIT_VIEW_NAMES, type AuditViewName, auditView } from './auditViews';

export const DEFAULT_SINCE = '30d';

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

export async function auditCommand(argv: readonly string[], io: CommandIo = processIo()): Promise<number> {
  const { values } = parseArguments(argv);
  if (values.help) {
    io.stdout.write(`${AUDIT_USAGE}\n`);
    return 0;
  }
  const view = values.view as AuditViewName;
  if (!AUDIT_VIEW_NAMES.includes(view))
    throw new UsageError(`--view must be one of ${AUDIT_VIEW_NAMES.join(', ')}`);
  const format = outputFormatOption(values.output, io.stdout.isTTY === true);
  const nowMs = io.now().getTime();
  const sinceMs = timeOption('--since', values.since, nowMs);
  const untilMs = values.until === undefined ? nowMs : timeOption('--until', values.until, nowMs, true);
  const maxDays = positiveIntegerOption('--max-days', values['max-days']);
  checkRange(sinceMs, untilMs, maxDays);
  const source = dataSourceOptions(values, false);

  const opened = await openDataSource(source, false).catch((error: unknown) => {
    if (error instanceof DataUnavailableError) return error;
    throw error;
  });
  if (opened instanceof DataUnavailableError) {
    io.stderr.write(`audit: ${opened.message}\n`);
    return 1;
  }
  try {
    const result = await queryAuditTrail(opened.auditTrail, {
      sinceMs,
      untilMs,
      node: values.node,
      ruleId: values.rule,
      incidentId: values.incident,
    });
    const output = auditView(view, foldIncidents(result.records));
    writeRows(io.stdout, output.rows, output.columns, format);
    for (const note of opened.notes) io.stderr.write(`audit: ${note}\n`);
    reportUnreadable(io, 'audit', result.unreadable);
    const days = result.days;
    io.stderr.write(
      `audit: ${output.noun} from ${result.records.length} records in ${days.length} day partitions ` +
        `(${days[0]}..${days[days.length - 1]}) of ${opened.auditLocation}\n`,
    );
    return 0;
  } finally {
    await opened.close();
  }
}

/** Refuses empty and over-long ranges before anything is read. */
function parseArguments(argv: readonly string[]) {
  return parseCommandLine({
    args: [...argv],
    allowPositionals: false,
    options: {
      ...DATA_SOURCE_ARGS,
      view: { type: 'string', default: 'incidents' },
      node: { type: 'string' },
      rule: { type: 'string' },
      incident: { type: 'string' },
      since: { type: 'string', default: DEFAULT_SINCE },
      until: { type: 'string' },
      'max-days': { type: 'string', default: String(DEFAULT_MAX_DAYS) },
      output: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}
