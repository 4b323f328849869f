import { WinlogError } from '../errors/WinlogError';

/** A rule file that cannot be used: names the file, the field and what is wrong. */
export class RuleLoadError extends WinlogError {
  readonly code = 'RULE_INVALID';
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
    options?: ErrorOptions,
  ) {
    super(`${file}: ${problems.join('; ')}`, options);
  }
}
