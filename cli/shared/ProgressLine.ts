const REDRAW_MS = 200;

/** How far a run over several files got. */
export interface FileProgress {
  readonly files: number;
  readonly totalFiles: number;
  /** Bytes read from disk (compressed as stored), of `totalInputBytes`. */
  readonly inputBytes: number;
  readonly totalInputBytes: number;
  /** Decompressed bytes read so far. */
  readonly bytes: number;
  readonly events: number;
}

/** A one-line progress display on a TTY: how much of the input is read, bytes and events per second. */
export class ProgressLine {
  private readonly startedAt = Date.now();
  private lastDrawAt = 0;

  constructor(private readonly stream: { write(text: string): unknown }) {}

  /** Seconds since the line was created, never zero (a divisor for rates). */
  get seconds(): number {
    return Math.max((Date.now() - this.startedAt) / 1000, 0.001);
  }

  update(state: FileProgress, force = false): void {
    if (!this.due(force)) return;
    const seconds = this.seconds;
    const width = 20;
    const filled = Math.min(
      width,
      Math.round((state.inputBytes / Math.max(state.totalInputBytes, 1)) * width),
    );
    const bar = `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
    this.draw(
      `[${bar}] ${state.files}/${state.totalFiles} files  ${formatBytes(state.bytes)}  ` +
        `${formatBytes(state.bytes / seconds)}/s  ${state.events.toLocaleString('en-US')} events  ` +
        `${Math.round(state.events / seconds).toLocaleString('en-US')} events/s`,
    );
  }

  /** Redraws the line with `text`, at most every 200 ms unless forced. */
  show(text: string, force = false): void {
    if (this.due(force)) this.draw(text);
  }

  private due(force: boolean): boolean {
    const now = Date.now();
    if (!force && now - this.lastDrawAt < REDRAW_MS) return false;
    this.lastDrawAt = now;
    return true;
  }

  private draw(text: string): void {
    this.stream.write(`\r${text}\u001b[K`);
  }

  clear(): void {
    this.stream.write('\r\u001b[K');
  }
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}
