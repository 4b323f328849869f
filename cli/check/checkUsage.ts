import { DEFAULT_MAX_OBJECT_BYTES, DEFAULT_MAX_RECORD_BYTES, DEFAULT_TIME_ZONE } from '../../domain/defaults';
import { FORMATS } from '../formatOption';

/** `winlog-correlator check --help`: loaded without the command, so help answers at once. */
export const CHECK_USAGE = `Usage: winlog-correlator check [options] PATH...

The onboarding report: run it on a sample of your shipper's output before deploying. Parses every record
of every file (files or folders, recursively, by name order; gzip or plain) and reports per file the
shapes found, up to three records of unknown shape, the time range, zone warnings, events dated in the
future or more than a year ago, the nodes seen, and which rule steps' event ids are present.

Options:
  --rules PATH          a rule file or a folder of rule files (default: the bundled rules)
  --format FORMAT       ${FORMATS.join('|')} (default: auto)
  --timezone ZONE       IANA zone of shippers that log local time without an offset (default: ${DEFAULT_TIME_ZONE})
  --output FORMAT       table|json (default: table on a terminal, else json)
  --max-record-bytes N  longest record accepted (default: ${DEFAULT_MAX_RECORD_BYTES})
  --max-object-bytes N  most decompressed bytes read from one file (default: ${DEFAULT_MAX_OBJECT_BYTES})
  -h, --help            show this help

Exit status: 0 when every record was read, 1 when some were not (or a path cannot be read), 2 for usage errors.`;
