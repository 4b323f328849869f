import type { NodeMute } from '../../domain/ports/MuteStore';
import { formatDuration } from '../../domain/rules/parseDuration';
import { parseCommandLine } from '../commonOptions';
import { outputFormatOption } from '../output/OutputFormat';
import { shortTime } from '../output/shortTime';
import { type Column, writeRows } from '../output/writeRows';
import { type CommandIo, processIo } from '../shared/CommandIo';
import { MUTES_USAGE } from './mutesUsage';
import { MUTE_SOURCE_ARGS } from './openMuteStore';
import { withMuteStore } from './withMuteStore';

export async function mutesCommand(argv: readonly string[], io: CommandIo = processIo()): Promise<number> {
  const { values } = parseCommandLine({
    args: [...argv],
    allowPositionals: false,
    options: {
      ...MUTE_SOURCE_ARGS,
      output: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout.write(`${MUTES_USAGE}\n`);
    return 0;
  }
  const format = outputFormatOption(values.output, io.stdout.isTTY === true);
  return withMuteStore('mutes', values, io, async (opened) => {
    const nowMs = io.now().getTime();
    const mutes = await opened.mutes.listActive(nowMs);
    writeRows(io.stdout, mutes, muteColumns(nowMs), format);
    io.stderr.write(`mutes: ${mutes.length} in force (${opened.location})\n`);
    return 0;
  });
}

export function muteColumns(nowMs: number): Column<NodeMute>[] {
  return [
    { name: 'node', value: (m) => m.node, tableMaxWidth: 40 },
    { name: 'until', value: (m) => m.until, tableText: (m) => shortTime(m.until) },
    {
      name: 'remaining_seconds',
      value: (m) => Math.max(0, Math.round((Date.parse(m.until) - nowMs) / 1000)),
      tableText: (m) =>
        formatDuration(Math.max(0, Math.round((Date.parse(m.until) - nowMs) / 60_000) * 60_000)),
    },
    { name: 'reason', value: (m) => m.reason, tableMaxWidth: 60 },
    { name: 'muted_at', value: (m) => m.mutedAt, tableText: (m) => shortTime(m.mutedAt) },
  ];
}
