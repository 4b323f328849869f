import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileWhole } from '../../adapters/node/writeFileWhole';
import { UsageError } from '../UsageError';

/** Which replay a checkpoint belongs to: the objects it sends and the LastModified range as given. */
export interface ReplayIdentity {
  readonly bucket: string;
  readonly prefix: string;
  /** The option texts (`7d`, `2024-03-01`), so a rerun with the same words finds its checkpoint. */
  readonly since?: string;
  readonly until?: string;
}

/** How far one replay got: everything up to `lastKey`, in key order, was acknowledged by the queue. */
export interface ReplayCheckpoint extends ReplayIdentity {
  /** The range as first resolved: a rerun of `--since 7d` continues the same replay, not a shifted one. */
  readonly sinceMs?: number;
  readonly untilMs?: number;
  readonly lastKey?: string;
  /** Messages sent over all runs of this replay. */
  readonly sent: number;
  readonly complete: boolean;
  readonly startedAt: string;
  readonly updatedAt: string;
}

interface FileContent {
  readonly version: 1;
  readonly checkpoints: Record<string, ReplayCheckpoint>;
}

/**
 * A small JSON file of replay checkpoints, one per bucket + prefix + range. Each save rewrites the file
 * through a temporary file and a rename, so a kill at any moment leaves the previous or the new
 * content, never half of one.
 */
export class ReplayCheckpointFile {
  constructor(readonly path: string) {}

  static idOf(identity: ReplayIdentity): string {
    return `s3://${identity.bucket}/${identity.prefix} since=${identity.since ?? ''} until=${identity.until ?? ''}`;
  }

  async find(identity: ReplayIdentity): Promise<ReplayCheckpoint | undefined> {
    return (await this.read()).checkpoints[ReplayCheckpointFile.idOf(identity)];
  }

  async save(checkpoint: ReplayCheckpoint): Promise<void> {
    const content = await this.read().catch(() => ({ version: 1, checkpoints: {} }) as FileContent);
    const next: FileContent = {
      version: 1,
      checkpoints: { ...content.checkpoints, [ReplayCheckpointFile.idOf(checkpoint)]: checkpoint },
    };
    await mkdir(dirname(this.path), { recursive: true });
    await writeFileWhole(this.path, `${JSON.stringify(next, null, 2)}\n`);
  }

  /** Checked before anything is sent: a file that is not ours is a usage error, not overwritten. */
  async read(): Promise<FileContent> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, checkpoints: {} };
      throw new UsageError(`--checkpoint: cannot read ${this.path}: ${(error as Error).message}`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const value = parsed as Partial<FileContent> | undefined;
    if (value?.version !== 1 || typeof value.checkpoints !== 'object' || value.checkpoints === null) {
      throw new UsageError(
        `--checkpoint: ${this.path} is not a replay checkpoint file; move it away or name another file`,
      );
    }
    return value as FileContent;
  }
}
