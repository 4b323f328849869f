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

  constructor(sink: Writable, options?: LoggerOptions) {
    super(options);
    this.sink = sink;
  }

  protected override printLog(logLevel: number, log: LogItem): void {
    if (!this.sink) {
      super.printLog(logLevel, log);
      return;
    }
    this.sink.write(`${JSON.stringify(log.getAttributes(), this.getJsonReplacer())}\n`);
  }

  protected override createLogger(options?: LoggerOptions): Logger {
    return this.sink ? new FileLogger(this.sink, options) : super.createLogger(options);
  }
}
