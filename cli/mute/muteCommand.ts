import { nodeKey } from '../../domain/event/NormalisedEvent';
import type { NodeMute } from '../../domain/ports/MuteStore';
import { formatDuration } from '../../domain/rules/parseDuration';
import { boundedDurationOption, parseCommandLine } from '../commonOptions';
import { type CommandIo, processIo } from '../shared/CommandIo';
import { UsageError } from '../UsageError';
import { nodeOption, reasonOption } from './muteOptions';
import { MUTE_USAGE } from './muteUsage';
import { MUTE_SOURCE_ARGS } from './openMuteStore';
import { withMuteStore } from './withMuteStore';

export async function muteCommand(argv: readonly string[], io: CommandIo = processIo()): Promise<number> {
  const { values, positionals } = parseCommandLine({
    args: [...argv],
    allowPositionals: true,
    options: {
      ...MUTE_SOURCE_ARGS,
      node: { type: 'string' },
      for: { type: 'string' },
      reason: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout.write(`${MUTE_USAGE}\n`);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`mute takes no arguments, got '${positionals[0]}'`);
  const node = nodeOption(values.node);
  if (values.for === undefined) throw new UsageError('--for is required: how long, e.g. 2h');
  const forMs = boundedDurationOption('--for', 'mute', values.for);
  const reason = reasonOption(values.reason);
  return withMuteStore('mute', values, io, async (opened) => {
    const now = io.now();
    const mute: NodeMute = {
      nodeKey: nodeKey(node),
      node,
      reason,
      mutedAt: now.toISOString(),
      until: new Date(now.getTime() + forMs).toISOString(),
    };
    await opened.mutes.mute(mute);
    io.stdout.write(`muted ${node} until ${mute.until} (${formatDuration(forMs)}): ${reason}\n`);
    const known = await opened.knownNodes();
    if (known.length > 0 && !known.some((seen) => nodeKey(seen) === mute.nodeKey)) {
      io.stderr.write(
        `mute: no event seen from '${node}' yet (${opened.location}); the mute applies to that name exactly. Known nodes: ${known.slice(0, 10).join(', ')}${known.length > 10 ? ', ...' : ''}\n`,
      );
    }
    return 0;
  });
}
