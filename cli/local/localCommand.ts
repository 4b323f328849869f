import { join } from 'node:path';
import { LOCAL_QUEUE_SETTINGS } from '../../adapters/local/localStackNames';
import { BUNDLED_SAMPLES_PATH } from '../../app/local/bundledSamplesPath';
import { RunnerLog } from '../../app/local/RunnerLog';
import {
  type LocalPipeline,
  LocalPipelineError,
  type LocalPipelineSummary,
  startLocalPipeline,
} from '../../app/local/startLocalPipeline';
import { INGEST_SETTING_KEYS } from '../../domain/settings/ingestSettings';
import { durationOption, parseCommandLine, rulesOption } from '../commonOptions';
import { settingOptions, settingsFromFlags } from '../settingOptions';
import { waitForStopSignal } from '../shared/waitForStopSignal';
import { UsageError } from '../UsageError';
import { DEFAULT_DATA_DIR, DEFAULT_WATCH_DIR, LOCAL_USAGE } from './localUsage';

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
