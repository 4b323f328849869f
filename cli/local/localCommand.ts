import { join, relative } from 'node:path';
import { LOCAL_QUEUE_SETTINGS } from '../../adapters/local/provisionLocalStack';
import { RunnerLog } from '../../app/local/RunnerLog';
import {
  BUNDLED_SAMPLES_PATH,
  type LocalPipeline,
  LocalPipelineError,
  type LocalPipelineSummary,
  startLocalPipeline,
} from '../../app/local/startLocalPipeline';
import {
  DEFAULT_ALLOWED_LATENESS,
  DEFAULT_MAX_CLOCK_SKEW,
  DEFAULT_MAX_OBJECT_BYTES,
  DEFAULT_MAX_RECORD_BYTES,
  DEFAULT_MAX_STATE_BYTES,
  DEFAULT_PAGE_WITHIN,
  DEFAULT_PUBLISH_LEASE,
  DEFAULT_TIME_ZONE,
} from '../../domain/defaults';
import { INGEST_SETTING_KEYS } from '../../domain/settings/ingestSettings';
import { durationOption, parseCommandLine, rulesOption } from '../commonOptions';
import { settingOptions, settingsFromFlags } from '../settingOptions';
import { waitForStopSignal } from '../shared/waitForStopSignal';
import { UsageError } from '../UsageError';

const DEFAULT_DATA_DIR = '.local';
const DEFAULT_WATCH_DIR = 'inbox';

export const LOCAL_USAGE = `Usage: winlog-correlator local [options]

Runs the whole pipeline on this machine, with no AWS account and no network: an S3-compatible server
(s3rver), a DynamoDB-compatible server (dynalite) and an SNS/SQS stand-in (fauxqs) start in this process;
the bucket, table, topic and queues the stack would create are created; the bundled samples are uploaded
under raw/, their event times moved so the newest lies a minute before the first start on the data folder; each S3 ObjectCreated event goes to the ingest queue as an S3 notification, and the real
ingest handler is invoked with batches from that queue (batch size 10, partial batch failures retried
after the visibility timeout, a dead-letter queue after the last receive). Each alert is shown as its
email and SMS text and written to the outbox. Then files copied into the watch folder are uploaded (under
raw/inbox/, once their size is stable) and processed, until Ctrl-C.

Options:
  --data-dir DIR        objects, DynamoDB state and the handler's JSON logs (DIR/logs/ingest.log);
                        a restart on the same folder keeps correlation state and does not alert again
                        (default: ${DEFAULT_DATA_DIR})
  --outbox DIR          every published SNS message, one JSON file per message, named in time order:
                        { topicArn, subject, message, messageStructure, messageAttributes } as sent
                        (default: DIR/outbox of --data-dir, i.e. ${DEFAULT_DATA_DIR}/outbox)
  --watch DIR           folder to watch, created if missing (default: ./${DEFAULT_WATCH_DIR})
  --once                upload the samples and what is in the watch folder, wait until the queue is
                        drained (retries included), print a summary and exit
  --no-samples          do not upload the bundled samples (${relative(process.cwd(), BUNDLED_SAMPLES_PATH) || '.'})
  --window DURATION     correlation window for every rule, as in scan (default: each rule's own,
                        KB819865: 60m)
  --lateness DURATION   how late an event may arrive and still correlate, as in scan (default: ${DEFAULT_ALLOWED_LATENESS})
  --max-clock-skew DURATION
                        events dated further ahead of the clock are rejected as future-time, as in
                        scan (default: ${DEFAULT_MAX_CLOCK_SKEW})
  --max-state-bytes N   memory the correlation state of one invocation may take, as in scan
                        (default: ${DEFAULT_MAX_STATE_BYTES})
  --page-within DURATION|off
                        an incident whose last event is older than this when it is detected is
                        historical: recorded in the audit trail, counted, not alerted; off alerts on
                        any age (default: ${DEFAULT_PAGE_WITHIN})
  --publish-lease DURATION
                        how long a claimed alert waits before the drain sends it in the stead of a
                        run that died (default: ${DEFAULT_PUBLISH_LEASE})
  --timezone ZONE       IANA zone of shippers that log local time without an offset, as in scan
                        (default: ${DEFAULT_TIME_ZONE})
  --max-record-bytes N  longest record accepted, as in scan (default: ${DEFAULT_MAX_RECORD_BYTES})
  --max-object-bytes N  objects larger than this (decompressed) are quarantined unread
                        (default: ${DEFAULT_MAX_OBJECT_BYTES})
  --rules PATH          a rule file or a folder of rule files (default: the bundled rules)
  --s3-port N           port of the S3 stand-in, on 127.0.0.1 (default: 0, any free port)
  --dynamodb-port N     port of the DynamoDB stand-in, on 127.0.0.1 (default: 0, any free port)
  --sns-port N          port of the SNS/SQS stand-in (default: 0, any free port); fauxqs 1.x always
                        listens on all interfaces (0.0.0.0), not only on 127.0.0.1
  --visibility-timeout DURATION
                        how long a failed message waits before it is delivered again (default:
                        ${LOCAL_QUEUE_SETTINGS.visibilityTimeoutSeconds}s; the stack uses 6 x the function timeout)
  --max-receives N      receives before a message goes to the dead-letter queue
                        (default: ${LOCAL_QUEUE_SETTINGS.maxReceiveCount}, as the stack)
  -h, --help            show this help

Alerts go to stdout, the runner's progress lines to stderr. Uses dummy credentials and region; never
reads AWS configuration or contacts AWS. Exit status: 0 after Ctrl-C or a finished --once, 1 when the
pipeline cannot start (a port in use, say), 2 for usage errors.`;

export async function localCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArguments(argv);
  if (values.help) {
    process.stdout.write(`${LOCAL_USAGE}\n`);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`local takes no arguments, got '${positionals[0]}'`);
  const settings = settingsFromFlags(values, INGEST_SETTING_KEYS);
  const visibilityMs = durationOption('--visibility-timeout', values['visibility-timeout']);
  if (visibilityMs % 1000 !== 0 || visibilityMs > 43_200_000) {
    throw new UsageError('--visibility-timeout must be whole seconds, at most 12h');
  }
  // Checked here so a broken rule file is a usage error, before any server starts.
  rulesOption(values.rules);
  const dataDir = values['data-dir'];
  const log = new RunnerLog((text) => process.stderr.write(text));
  const signals = waitForStopSignal();

  let pipeline: LocalPipeline;
  try {
    pipeline = await startLocalPipeline({
      dataDir,
      outboxDir: values.outbox ?? join(dataDir, 'outbox'),
      watchDir: values.watch,
      ports: {
        s3: portOption('--s3-port', values['s3-port']),
        dynamodb: portOption('--dynamodb-port', values['dynamodb-port']),
        messaging: portOption('--sns-port', values['sns-port']),
      },
      rulesPath: values.rules,
      settings,
      queue: {
        visibilityTimeoutSeconds: visibilityMs / 1000,
        maxReceiveCount: wholeNumberOption('--max-receives', values['max-receives'], 1, 1000),
      },
      log: (text) => process.stderr.write(text),
      showAlert: (text) => process.stdout.write(text),
    });
  } catch (error) {
    signals.dispose();
    if (error instanceof LocalPipelineError) {
      process.stderr.write(`winlog-correlator local: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  log.line(`handler logs (JSON): ${pipeline.logFile}; outbox: ${pipeline.outbox.directory}`);

  const work = (async () => {
    if (!values['no-samples']) await pipeline.uploadSamples(BUNDLED_SAMPLES_PATH);
    if (values.once) {
      await pipeline.uploadFolder(values.watch, 'inbox/');
      await pipeline.drained();
      return pipeline.summary();
    }
    pipeline.watch();
    await pipeline.drained();
    log.line(`${describeSummary(await pipeline.summary())}`);
    log.line(`watching ${values.watch}; press Ctrl-C to stop`);
    return undefined;
  })();

  try {
    const finished = await Promise.race([
      work.then((summary) => ({ summary })),
      signals.received.then((signal) => ({ signal })),
    ]);
    if ('summary' in finished && finished.summary) {
      process.stderr.write(`${describeSummary(finished.summary)}\n`);
    } else {
      const signal = 'signal' in finished ? finished.signal : await signals.received;
      log.line(`${signal}: stopping`);
    }
  } catch (error) {
    log.line(`failed: ${(error as Error).message}`);
    await pipeline.stop();
    signals.dispose();
    return 1;
  }
  work.catch(() => undefined);
  await pipeline.stop();
  signals.dispose();
  return 0;
}

function describeSummary(summary: LocalPipelineSummary): string {
  const lastAlert =
    summary.lastAlertAtMs === undefined
      ? 'no alert'
      : `last alert ${(summary.lastAlertAtMs / 1000).toFixed(1)} s after start`;
  return [
    `local: ${summary.uploaded} objects uploaded, ${summary.messagesForwarded} S3 notifications queued, `,
    `${summary.invocations} invocations, ${summary.messagesSucceeded} messages ingested, `,
    `${summary.failedAttempts} failed attempts, ${summary.deadLettered} dead-lettered, `,
    `${summary.quarantined} objects in quarantine, ${summary.alerts} alerts published, `,
    `${summary.historical} historical and ${summary.muted} muted incidents recorded without an alert; ${lastAlert}`,
  ].join('');
}

function parseArguments(argv: readonly string[]) {
  return parseCommandLine({
    args: [...argv],
    allowPositionals: true,
    options: {
      'data-dir': { type: 'string', default: DEFAULT_DATA_DIR },
      outbox: { type: 'string' },
      watch: { type: 'string', default: DEFAULT_WATCH_DIR },
      once: { type: 'boolean', default: false },
      'no-samples': { type: 'boolean', default: false },
      ...settingOptions(INGEST_SETTING_KEYS),
      rules: { type: 'string' },
      's3-port': { type: 'string', default: '0' },
      'dynamodb-port': { type: 'string', default: '0' },
      'sns-port': { type: 'string', default: '0' },
      'visibility-timeout': {
        type: 'string',
        default: `${LOCAL_QUEUE_SETTINGS.visibilityTimeoutSeconds}s`,
      },
      'max-receives': { type: 'string', default: String(LOCAL_QUEUE_SETTINGS.maxReceiveCount) },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}

function portOption(name: string, text: string): number {
  return wholeNumberOption(name, text, 0, 65_535);
}

function wholeNumberOption(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max)
    throw new UsageError(`${name}: '${text}' is not a whole number from ${min} to ${max}`);
  return value;
}
