import { type FoundFile, listFilesUnder } from './listFilesUnder';

export interface FolderWatcherOptions {
  readonly folder: string;
  /** How often the folder is listed. A file is taken once two listings in a row see it unchanged. */
  readonly intervalMs?: number;
  /** Called once per new or changed file, after its size and time stopped changing; awaited. */
  readonly onFile: (file: FoundFile) => Promise<void>;
  readonly onError?: (error: Error) => void;
}

/**
 * Watches a folder (recursively) by listing it at an interval, which works the same on every platform
 * and file system, and hands over each file once its size and modification time are stable, so a file
 * still being copied is not taken half-written. A file that changes later is handed over again.
 */
export class FolderWatcher {
  private readonly lastSeen = new Map<string, string>();
  private readonly delivered = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;
  private scanning: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly options: FolderWatcherOptions) {}

  start(): void {
    this.stopped = false;
    const tick = (): void => {
      this.scanning = this.scan()
        .catch((error: unknown) => this.options.onError?.(error as Error))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.options.intervalMs ?? 500);
        });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.scanning;
  }

  /** Marks a file as handed over already (one uploaded by `--once` before watching, say). */
  markDelivered(file: FoundFile): void {
    this.delivered.set(file.path, signature(file));
  }

  private async scan(): Promise<void> {
    const files = await listFilesUnder(this.options.folder);
    const present = new Set<string>();
    for (const file of files) {
      if (this.stopped) return;
      present.add(file.path);
      const now = signature(file);
      const before = this.lastSeen.get(file.path);
      this.lastSeen.set(file.path, now);
      if (now !== before || this.delivered.get(file.path) === now) continue;
      this.delivered.set(file.path, now);
      try {
        await this.options.onFile(file);
      } catch (error) {
        this.delivered.delete(file.path); // taken again at the next listing
        this.options.onError?.(error as Error);
      }
    }
    for (const path of [...this.lastSeen.keys()]) {
      if (!present.has(path)) {
        this.lastSeen.delete(path);
        this.delivered.delete(path);
      }
    }
  }
}

function signature(file: FoundFile): string {
  return `${file.size}:${file.modifiedMs}`;
}
