import {
  DEFAULT_ALLOWED_LATENESS,
  DEFAULT_MAX_CLOCK_SKEW,
  DEFAULT_MAX_OBJECT_BYTES,
  DEFAULT_MAX_RECORD_BYTES,
  DEFAULT_MAX_STATE_BYTES,
  DEFAULT_TIME_ZONE,
} from '../../domain/defaults';
import { FORMATS } from '../formatOption';

/** `winlog-correlator scan --help`: loaded without the command, so help answers at once. */
export const SCAN_USAGE = `Usage: winlog-correlator scan [options] PATH...

Reads Windows event logs (files or folders, recursively, by name order; gzip or plain) in the order given,
correlates them with the rules, and prints one JSON incident per line on stdout.

Options:
  --window DURATION     correlation window for every rule (default: each rule's own, KB819865: 60m)
  --lateness DURATION   how late an event may arrive and still correlate (default: ${DEFAULT_ALLOWED_LATENESS})
  --max-clock-skew DURATION
                        events dated further ahead of this machine's clock are rejected as
                        future-time (default: ${DEFAULT_MAX_CLOCK_SKEW})
  --max-state-bytes N   memory the correlation state may take; past it the oldest pending matches
                        are dropped and counted as state-overflow (default: ${DEFAULT_MAX_STATE_BYTES})
  --rules PATH          a rule file or a folder of rule files (default: the bundled rules)
  --format FORMAT       ${FORMATS.join('|')}
                        (default: auto, detected per record)
  --timezone ZONE       IANA zone of shippers that log local time without an offset, such as
                        NXLog CE's EventTime (default: ${DEFAULT_TIME_ZONE})
  --rejects FILE        write every rejected record, with where it came from and why, as JSON lines
  --max-record-bytes N  longest record accepted (default: ${DEFAULT_MAX_RECORD_BYTES})
  --max-object-bytes N  most decompressed bytes read from one file (default: ${DEFAULT_MAX_OBJECT_BYTES})
  -h, --help            show this help

Exit status: 0 when input was processed (even with rejected records), 1 when a path cannot be read,
2 for usage errors, 141 when the reader of the output went away (as for a tool SIGPIPE stops).`;
