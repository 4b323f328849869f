/** Wrong words on the command line: exit code 2 with a message that says how to call it. */
export class UsageError extends Error {
  readonly code = 'USAGE';
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
