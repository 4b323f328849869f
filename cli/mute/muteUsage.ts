import { MUTE_SOURCE_USAGE } from './muteSourceUsage';

/** `winlog-correlator mute --help`: loaded without the command, so help answers at once. */
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
