/** A rule file that cannot be used: names the file, the field and what is wrong. */
export class RuleLoadError extends Error {
  readonly code = 'RULE_INVALID';
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${problems.join('; ')}`, options);
    this.name = 'RuleLoadError';
  }
}
