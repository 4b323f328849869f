import { nodeKey } from '../../domain/event/NormalisedEvent';
import type { NodeMute } from '../../domain/ports/MuteStore';
import { formatDuration } from '../../domain/rules/parseDuration';
import { boundedDurationOption, parseCommandLine } from '../commonOptions';
import { type CommandIo, processIo } from '../shared/CommandIo';
import { UsageError } from '../UsageError';
import { nodeOption, reasonOption } from './muteOptions';
import { MUTE_SOURCE_ARGS, MUTE_SOURCE_USAGE } from './openMuteStore';
import { withMuteStore } from './withMuteStore';

export const MUTE_USAGE = `Usage: winlog-correlator mute --node NODE --for DURATION --reason TEXT [options]

Starts a maintenance window on a node: until it ends, incidents detected on the node are recorded in the
audit trail as muted, with the reason, and not alerted. It ends on its own after DURATION, or with
'winlog-correlator unmute'. Muting a node again replaces its window. Nodes are compared as the
pipeline compares them (case-insensitive, the whole name as its events log it).

  --node NODE             the Windows computer name, e.g. EXCH01.corp.example.com
  --for DURATION          how long, e.g. 90m, 2h, 1d (at most 30d)
  --reason TEXT           why, e.g. 'patching, change 4711' (kept in the audit trail)

${MUTE_SOURCE_USAGE}

Options:
  -h, --help              show this help

Exit status: 0 when the mute was stored, 1 when the table could not be reached, 2 for usage errors.`;

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
