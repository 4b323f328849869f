import type { Writable } from 'node:stream';
import { Logger, type LogItem } from '@aws-lambda-powertools/logger';

type LoggerOptions = ConstructorParameters<typeof Logger>[0];

/**
 * A Powertools logger that writes its JSON lines to a stream (a log file) instead of stdout, so the
 * handler's structured logs stay exactly as in CloudWatch while the terminal stays readable.
 */
export class FileLogger extends Logger {
  // Set after super(): a line printed while the base class is being constructed goes to stdout.
  private sink: Writable | undefined;
  private onEntry: ((entry: Readonly<Record<string, unknown>>) => void) | undefined;

  /** `onEntry` also gets every entry written, for the runner to show the ones an operator must see. */
  constructor(
    sink: Writable,
    options?: LoggerOptions,
    onEntry?: (entry: Readonly<Record<string, unknown>>) => void,
  ) {
    super(options);
    this.sink = sink;
    this.onEntry = onEntry;
  }

  protected override printLog(logLevel: number, log: LogItem): void {
    if (!this.sink) {
      super.printLog(logLevel, log);
      return;
    }
    const entry = log.getAttributes();
    this.sink.write(`${JSON.stringify(entry, this.getJsonReplacer())}\n`);
    this.onEntry?.(entry);
  }

  protected override createLogger(options?: LoggerOptions): Logger {
    return this.sink ? new FileLogger(this.sink, options, this.onEntry) : super.createLogger(options);
  }
}
