/** What a command writes to and reads the time from; tests give their own. */
export interface CommandIo {
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
  now(): Date;
}

export function processIo(): CommandIo {
  return { stdout: process.stdout, stderr: process.stderr, now: () => new Date() };
}
