import { foldIncidents } from '../../domain/audit/foldIncidents';
import { queryAuditTrail } from '../../domain/audit/queryAuditTrail';
import { type FleetNodeSummary, summariseFleet } from '../../domain/fleet/summariseFleet';
import { formatDuration } from '../../domain/rules/parseDuration';
import { durationOption, parseCommandLine, positiveIntegerOption } from '../commonOptions';
import { outputFormatOption } from '../output/OutputFormat';
import { shortTime } from '../output/shortTime';
import { type Column, writeRows } from '../output/writeRows';
import { checkRange, DEFAULT_MAX_DAYS, reportUnreadable } from '../shared/auditRange';
import { type CommandIo, processIo } from '../shared/CommandIo';
import { DataUnavailableError } from '../shared/DataUnavailableError';
import {
  DATA_SOURCE_ARGS,
  dataSourceOptions,
  openDataSource,
  STATE_SOURCE_ARGS,
} from '../shared/openDataSource';
import { timeOption } from '../shared/timeOption';
import { DEFAULT_SILENT_AFTER, DEFAULT_SINCE, FLEET_USAGE } from './fleetUsage';

const RECENT_MS = 30 * 86_400_000;

export async function fleetCommand(argv: readonly string[], io: CommandIo = processIo()): Promise<number> {
  const { values } = parseArguments(argv);
  if (values.help) {
    io.stdout.write(`${FLEET_USAGE}\n`);
    return 0;
  }
  const format = outputFormatOption(values.output, io.stdout.isTTY === true);
  const silentAfterMs = durationOption('--silent-after', values['silent-after']);
  const now = io.now();
  const nowMs = now.getTime();
  const sinceMs = timeOption('--since', values.since, nowMs);
  const maxDays = positiveIntegerOption('--max-days', values['max-days']);
  checkRange(sinceMs, nowMs, maxDays);
  const source = dataSourceOptions(values, true);

  const opened = await openDataSource(source, true).catch((error: unknown) => {
    if (error instanceof DataUnavailableError) return error;
    throw error;
  });
  if (opened instanceof DataUnavailableError) {
    io.stderr.write(`fleet: ${opened.message}\n`);
    return 1;
  }
  try {
    const [audit, heartbeats] = await Promise.all([
      queryAuditTrail(opened.auditTrail, { sinceMs, untilMs: nowMs }),
      opened.nodeActivity?.listNodes() ?? Promise.resolve([]),
    ]);
    const nodes = summariseFleet(foldIncidents(audit.records), heartbeats, {
      nowMs,
      recentMs: RECENT_MS,
      silentAfterMs,
    });
    writeRows(io.stdout, nodes, fleetColumns(nowMs), format);
    for (const note of opened.notes) io.stderr.write(`fleet: ${note}\n`);
    reportUnreadable(io, 'fleet', audit.unreadable);
    const silent = nodes.filter((n) => n.silent).length;
    io.stderr.write(
      `fleet: ${nodes.length} nodes, ${nodes.filter((n) => n.openIncidents > 0).length} with open incidents, ` +
        `${silent} silent for over ${formatDuration(silentAfterMs)}; incidents from ${audit.days.length} day partitions of ${opened.auditLocation}\n`,
    );
    return 0;
  } finally {
    await opened.close();
  }
}

function fleetColumns(nowMs: number): Column<FleetNodeSummary>[] {
  return [
    { name: 'node', value: (n) => n.node, tableMaxWidth: 40 },
    { name: 'open_incidents', value: (n) => n.openIncidents },
    { name: 'incidents_30d', value: (n) => n.recentIncidents },
    {
      name: 'last_incident_at',
      value: (n) => n.lastIncidentAt,
      tableText: (n) => shortTime(n.lastIncidentAt),
    },
    { name: 'last_incident_id', value: (n) => n.lastIncidentId },
    {
      name: 'last_event_seen_at',
      value: (n) => n.lastEventSeenAt,
      tableText: (n) =>
        n.lastEventSeenAt === null
          ? 'never'
          : `${shortTime(n.lastEventSeenAt)} (${ago(nowMs - Date.parse(n.lastEventSeenAt))})`,
    },
    { name: 'silent', value: (n) => n.silent, tableText: (n) => (n.silent ? 'SILENT' : '') },
  ];
}

function ago(ms: number): string {
  if (ms < 60_000) return 'just now';
  const coarse = ms >= 86_400_000 ? ms - (ms % 3_600_000) : ms - (ms % 60_000);
  return `${formatDuration(coarse)} ago`;
}

function parseArguments(argv: readonly string[]) {
  return parseCommandLine({
    args: [...argv],
    allowPositionals: false,
    options: {
      ...DATA_SOURCE_ARGS,
      ...STATE_SOURCE_ARGS,
      since: { type: 'string', default: DEFAULT_SINCE },
      'silent-after': { type: 'string', default: DEFAULT_SILENT_AFTER },
      'max-days': { type: 'string', default: String(DEFAULT_MAX_DAYS) },
      output: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}
