import { WinlogError } from '../errors/WinlogError';

/** A fault while ingesting an object: the object is retried (and ends in the dead-letter queue if it keeps failing). */
export class IngestError extends WinlogError {
  constructor(
    message: string,
    readonly code: 'STATE_CONFLICT' | 'NO_PROGRESS' | 'STATE_TOO_LARGE',
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
