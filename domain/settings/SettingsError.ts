import { WinlogError } from '../errors/WinlogError';

/** Settings that cannot be used: every problem at once, each named as its user wrote it. */
export class SettingsError extends WinlogError {
  readonly code = 'SETTINGS_INVALID';

  constructor(readonly problems: readonly string[]) {
    super(problems.join('; '));
  }
}
