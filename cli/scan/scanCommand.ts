import { createWriteStream, openSync, statSync, type WriteStream } from 'node:fs';
import { type NodeCount, namedNodes } from '../../domain/correlation/CountsByNode';
import { describeZoneMismatch } from '../../domain/formats/describeZoneMismatch';
import { nodeInText } from '../../domain/incident/safeNodeLabel';
import type { FormatChoice } from '../../domain/input/ReadOptions';
import { overrideWindow } from '../../domain/rules/overrideWindow';
import { parseCommandLine, rulesOption } from '../commonOptions';
import { FORMATS } from '../formatOption';
import { listInputFiles } from '../listInputFiles';
import { BufferedLines } from '../output/BufferedLines';
import { settingOptions, settingsFromFlags } from '../settingOptions';
import { formatBytes, ProgressLine } from '../shared/ProgressLine';
import { UsageError } from '../UsageError';
import { type ScanSummary, scanFiles, scanOptionsFrom } from './scanFiles';
import { SCAN_USAGE } from './scanUsage';

/** The ingest settings `scan` honours (publishing and its lease do not apply to a scan). */
const SCAN_SETTINGS = [
  'correlationWindow',
  'allowedLateness',
  'maxClockSkew',
  'maxStateBytes',
  'maxRecordBytes',
  'maxObjectBytes',
  'timeZone',
] as const;

export async function scanCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArguments(argv);
  if (values.help) {
    process.stdout.write(`${SCAN_USAGE}\n`);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('scan needs at least one PATH');
  const format = values.format as FormatChoice;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  const settings = settingsFromFlags(values, SCAN_SETTINGS);
  const rules = overrideWindow(rulesOption(values.rules), settings.correlationWindow?.ms);

  const listing = listInputFiles(positionals);
  for (const { path, reason } of listing.unreadable)
    process.stderr.write(`scan: cannot read ${path}: ${reason}\n`);

  const rejects = values.rejects ? openRejectsFile(values.rejects, listing.files) : undefined;
  const progress = process.stderr.isTTY ? new ProgressLine(process.stderr) : undefined;
  const startedAt = Date.now();
  const incidents = new BufferedLines(process.stdout);
  let summary: ScanSummary;
  try {
    summary = await scanFiles(listing.files, scanOptionsFrom(settings, rules, format), {
      incident: (report) => incidents.line(JSON.stringify(report)),
      rejected: (rejection) => rejects?.write(`${JSON.stringify(rejection)}\n`),
      unreadable: (path, reason) => {
        progress?.clear();
        process.stderr.write(`scan: cannot read ${path}: ${reason}\n`);
      },
      progress: progress ? (state) => progress.update(state) : undefined,
    });
  } finally {
    incidents.flush();
  }
  progress?.clear();
  await closeStream(rejects);
  process.stderr.write(`${describeSummary(summary, Date.now() - startedAt)}\n`);
  return listing.unreadable.length > 0 || summary.unreadable.length > 0 ? 1 : 0;
}

function parseArguments(argv: readonly string[]) {
  return parseCommandLine({
    args: [...argv],
    allowPositionals: true,
    options: {
      ...settingOptions(SCAN_SETTINGS),
      rules: { type: 'string' },
      format: { type: 'string', default: 'auto' },
      rejects: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}

/**
 * Opens the --rejects file before anything is read: a path that cannot be created, or one that is also
 * an input (opening it would empty that input), is a usage error rather than a failure halfway.
 */
function openRejectsFile(path: string, inputs: readonly string[]): WriteStream {
  const existing = statIfExists(path);
  if (existing !== undefined) {
    const input = inputs.find((file) => {
      const stats = statIfExists(file);
      return stats !== undefined && stats.dev === existing.dev && stats.ino === existing.ino;
    });
    if (input !== undefined) throw new UsageError(`--rejects ${path} is also an input (${input})`);
  }
  let fd: number;
  try {
    fd = openSync(path, 'w');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new UsageError(`--rejects: cannot create ${path}: ${reason}`);
  }
  return createWriteStream(path, { fd });
}

function statIfExists(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function closeStream(stream: WriteStream | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!stream) return resolve();
    stream.end((error?: Error | null) => (error ? reject(error) : resolve()));
  });
}

export function describeSummary(summary: ScanSummary, elapsedMs: number): string {
  const rejected = Object.entries(summary.rejected);
  const rejectedTotal = rejected.reduce((sum, [, count]) => sum + (count ?? 0), 0);
  const byReason = rejected.map(([reason, count]) => `${reason} ${count}`).join(', ');
  return [
    `scan: ${summary.files} files, ${formatBytes(summary.bytes)}, ${summary.events} events, ` +
      `${summary.matches} matches, ${summary.incidents} incidents, ${rejectedTotal} rejected` +
      `${byReason ? ` (${byReason})` : ''}`,
    `      ${summary.duplicates} duplicate and ${summary.late} late matches ignored; ` +
      `${summary.stateOverflow} dropped as state-overflow; ${(elapsedMs / 1000).toFixed(1)} s`,
    ...describeNodes(
      'late matches by node (a clock set back, or logs older than what was read before)',
      summary.lateNodes,
    ),
    ...describeNodes(
      'state-overflow by node (their oldest pending matches, dropped to keep within --max-state-bytes)',
      summary.overflowNodes,
    ),
    ...summary.zoneMismatches.map(
      ({ object, mismatch }) => `scan: ${describeZoneMismatch(object, mismatch)}`,
    ),
  ].join('\n');
}

/** Nodes named in a summary line on matches lost per node; the rest are counted. */
const NODES_NAMED = 5;
const MAX_NODE_SHOWN = 80;

/** The summary line naming the nodes that lost matches, most first; none when no node did. */
function describeNodes(what: string, nodes: readonly NodeCount[]): string[] {
  if (nodes.length === 0) return [];
  const { named, others } = namedNodes(nodes, NODES_NAMED);
  const list = named.map(({ node, matches }) => `${nodeInText(node, MAX_NODE_SHOWN)} ${matches}`).join(', ');
  return [`scan: ${what}: ${list}${others > 0 ? `, and ${others} more not named` : ''}`];
}
