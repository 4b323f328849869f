/**
 * The base of every error a user can see: a stable `code` for scripts and logs, and a message that
 * names what to fix. Anything else that escapes is a bug and is reported as one.
 */
export abstract class WinlogError extends Error {
  abstract readonly code: string;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}
