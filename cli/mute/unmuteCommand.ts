import { nodeKey } from '../../domain/event/NormalisedEvent';
import { parseCommandLine } from '../commonOptions';
import { type CommandIo, processIo } from '../shared/CommandIo';
import { UsageError } from '../UsageError';
import { nodeOption } from './muteOptions';
import { MUTE_SOURCE_ARGS } from './openMuteStore';
import { UNMUTE_USAGE } from './unmuteUsage';
import { withMuteStore } from './withMuteStore';

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
