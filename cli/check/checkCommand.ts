import { DEFAULT_MAX_OBJECT_BYTES, DEFAULT_MAX_RECORD_BYTES, DEFAULT_TIME_ZONE } from '../../domain/defaults';
import type { FormatChoice } from '../../domain/input/ReadOptions';
import { parseCommandLine, rulesOption } from '../commonOptions';
import { FORMATS } from '../formatOption';
import { listInputFiles } from '../listInputFiles';
import { writeRows } from '../output/writeRows';
import { settingOptions, settingsFromFlags } from '../settingOptions';
import { UsageError } from '../UsageError';
import { checkFiles } from './checkFiles';
import { CHECK_COLUMNS, describeFileCheck } from './describeFileCheck';

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

type CheckOutput = 'table' | 'json';

/** The ingest settings that change how `check` reads records. */
const CHECK_SETTINGS = ['timeZone', 'maxRecordBytes', 'maxObjectBytes'] as const;

export async function checkCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandLine({
    args: [...argv],
    allowPositionals: true,
    options: {
      rules: { type: 'string' },
      format: { type: 'string', default: 'auto' },
      output: { type: 'string' },
      ...settingOptions(CHECK_SETTINGS),
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${CHECK_USAGE}\n`);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('check needs at least one PATH');
  const format = values.format as FormatChoice;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  const settings = settingsFromFlags(values, CHECK_SETTINGS);
  const output = outputOption(values.output, process.stdout.isTTY === true);
  const rules = rulesOption(values.rules);

  const listing = listInputFiles(positionals);
  const files = await checkFiles(listing.files, {
    rules,
    format,
    timeZone: settings.timeZone,
    maxObjectBytes: settings.maxObjectBytes,
    maxRecordBytes: settings.maxRecordBytes,
    now: new Date(),
  });
  const allRead = listing.unreadable.length === 0 && files.every((file) => file.records === file.events);
  if (output === 'json') {
    process.stdout.write(`${JSON.stringify({ allRead, files, unreadable: listing.unreadable }, null, 2)}\n`);
  } else {
    for (const { path, reason } of listing.unreadable)
      process.stdout.write(`cannot read ${path}: ${reason}\n\n`);
    for (const file of files) {
      writeRows(process.stdout, describeFileCheck(file), CHECK_COLUMNS, 'table');
      process.stdout.write('\n');
    }
    process.stdout.write(allRead ? 'every record was read\n' : 'some records were not read (see above)\n');
  }
  return allRead ? 0 : 1;
}

function outputOption(text: string | undefined, isTTY: boolean): CheckOutput {
  if (text === undefined) return isTTY ? 'table' : 'json';
  if (text !== 'table' && text !== 'json')
    throw new UsageError(`--output must be one of table, json, got '${text}'`);
  return text;
}
