import type { FormatChoice } from '../../domain/input/ReadOptions';
import { parseCommandLine, rulesOption } from '../commonOptions';
import { FORMATS } from '../formatOption';
import { listInputFiles } from '../listInputFiles';
import { writeRows } from '../output/writeRows';
import { settingOptions, settingsFromFlags } from '../settingOptions';
import { UsageError } from '../UsageError';
import { checkFiles } from './checkFiles';
import { CHECK_USAGE } from './checkUsage';
import { CHECK_COLUMNS, describeFileCheck } from './describeFileCheck';

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
