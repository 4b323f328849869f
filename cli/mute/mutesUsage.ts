import { MUTE_SOURCE_USAGE } from './muteSourceUsage';

/** `winlog-correlator mutes --help`: loaded without the command, so help answers at once. */
export const MUTES_USAGE = `Usage: winlog-correlator mutes [options]

Lists the mutes in force (maintenance windows set with 'winlog-correlator mute'), the soonest to end
first. Expired mutes are not listed, whether or not the table's TTL has removed them yet.

${MUTE_SOURCE_USAGE}

Options:
  --output FORMAT         table|ndjson|csv (default: table on a terminal, else ndjson)
  -h, --help              show this help

Exit status: 0 when the mutes were read, 1 when they could not be, 2 for usage errors.`;
