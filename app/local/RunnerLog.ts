/** Readable, timestamped lines from the local runner (the handler's own logs are JSON, in a file). */
export class RunnerLog {
  constructor(private readonly write: (text: string) => void) {}

  line(message: string): void {
    this.write(`${timeOfDay(new Date())}  ${message}\n`);
  }
}

function timeOfDay(date: Date): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  const ms = String(date.getMilliseconds()).padStart(3, '0');
  return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}.${ms}`;
}
