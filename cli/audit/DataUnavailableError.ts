/** The data exists but cannot be read now (a running pipeline holds it); the message says what to do. */
export class DataUnavailableError extends Error {
  readonly code = 'DATA_UNAVAILABLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DataUnavailableError';
  }
}
