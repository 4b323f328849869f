import { foldIncidents } from '../../domain/audit/foldIncidents';
import { queryAuditTrail } from '../../domain/audit/queryAuditTrail';
import { parseCommandLine, positiveIntegerOption } from '../commonOptions';
import { outputFormatOption } from '../output/OutputFormat';
import { writeRows } from '../output/writeRows';
import { checkRange, DEFAULT_MAX_DAYS, reportUnreadable } from '../shared/auditRange';
import { type CommandIo, processIo } from '../shared/CommandIo';
import { DataUnavailableError } from '../shared/DataUnavailableError';
import { DATA_SOURCE_ARGS, dataSourceOptions, openDataSource } from '../shared/openDataSource';
import { timeOption } from '../shared/timeOption';
import { UsageError } from '../UsageError';
import { AUDIT_USAGE, DEFAULT_SINCE } from './auditUsage';
import { AUDIT_VIEW_NAMES, type AuditViewName, auditView } from './auditViews';

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
