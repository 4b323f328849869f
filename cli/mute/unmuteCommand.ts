import { nodeKey } from '../../domain/event/NormalisedEvent';
import { parseCommandLine } from '../commonOptions';
import { type CommandIo, processIo } from '../shared/CommandIo';
import { UsageError } from '../UsageError';
import { nodeOption } from './muteOptions';
import { MUTE_SOURCE_ARGS, MUTE_SOURCE_USAGE } from './openMuteStore';
import { withMuteStore } from './withMuteStore';

export const UNMUTE_USAGE = `Usage: winlog-correlator unmute --node NODE [options]

Ends a node's maintenance window now: incidents detected on it from now on are alerted again.

  --node NODE             the node as it was muted (case-insensitive)

${MUTE_SOURCE_USAGE}

Options:
  -h, --help              show this help

Exit status: 0 when the mute was ended, 1 when the table could not be reached, 2 for usage errors
(among them a node with no mute in force).`;

export async function unmuteCommand(argv: readonly string[], io: CommandIo = processIo()): Promise<number> {
  const { values, positionals } = parseCommandLine({
    args: [...argv],
    allowPositionals: true,
    options: {
      ...MUTE_SOURCE_ARGS,
      node: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout.write(`${UNMUTE_USAGE}\n`);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`unmute takes no arguments, got '${positionals[0]}'`);
  const node = nodeOption(values.node);
  return withMuteStore('unmute', values, io, async (opened) => {
    const ended = await opened.mutes.unmute(nodeKey(node), io.now().getTime());
    if (!ended) {
      throw new UsageError(
        `no mute in force on node '${node}' (${opened.location}); 'winlog-correlator mutes' lists them`,
      );
    }
    io.stdout.write(`unmuted ${ended.node} (was muted until ${ended.until}: ${ended.reason})\n`);
    return 0;
  });
}
