import { WinlogError } from '../domain/errors/WinlogError';

/** Wrong words on the command line: exit code 2 with a message that says how to call it. */
export class UsageError extends WinlogError {
  readonly code = 'USAGE';
}
