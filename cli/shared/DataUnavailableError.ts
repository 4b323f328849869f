import { WinlogError } from '../../domain/errors/WinlogError';

/** The data exists but cannot be read now (a running pipeline holds it); the message says what to do. */
export class DataUnavailableError extends WinlogError {
  readonly code = 'DATA_UNAVAILABLE';
}
