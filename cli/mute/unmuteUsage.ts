import { MUTE_SOURCE_USAGE } from './muteSourceUsage';

/** `winlog-correlator unmute --help`: loaded without the command, so help answers at once. */
export const UNMUTE_USAGE = `Usage: winlog-correlator unmute --node NODE [options]

Ends a node's maintenance window now: incidents detected on it from now on are alerted again.

  --node NODE             the node as it was muted (case-insensitive)

${MUTE_SOURCE_USAGE}

Options:
  -h, --help              show this help

Exit status: 0 when the mute was ended, 1 when the table could not be reached, 2 for usage errors
(among them a node with no mute in force).`;
