import type { RecordRejection, RejectReason } from '../event/RecordRejection';

/**
 * Quarantine content, one JSON object per line: each rejected record with why and where, so an operator
 * can fix and replay it. Past `maxBytes` of record text only counts are kept, in a final summary line.
 */
export class QuarantineCollector {
  private readonly lines: string[] = [];
  private bytes = 0;
  private readonly omitted: Partial<Record<RejectReason, number>> = {};
  private omittedCount = 0;
  readonly byReason: Partial<Record<RejectReason, number>> = {};

  constructor(private readonly maxBytes: number) {}

  add(rejection: RecordRejection): void {
    this.byReason[rejection.reason] = (this.byReason[rejection.reason] ?? 0) + 1;
    const line = JSON.stringify({
      kind: 'rejected-record',
      reason: rejection.reason,
      detail: rejection.detail,
      source: {
        object: rejection.source.object,
        line: rejection.source.line ?? null,
        byte_offset: rejection.source.byteOffset,
        inner_index: rejection.source.innerIndex ?? null,
      },
      record: rejection.record,
    });
    if (this.bytes + line.length > this.maxBytes) {
      this.omitted[rejection.reason] = (this.omitted[rejection.reason] ?? 0) + 1;
      this.omittedCount++;
      return;
    }
    this.bytes += line.length;
    this.lines.push(line);
  }

  get count(): number {
    return this.lines.length + this.omittedCount;
  }

  /** The lines to store; empty when nothing was rejected. */
  toLines(): string[] {
    if (this.omittedCount === 0) return [...this.lines];
    const summary = JSON.stringify({
      kind: 'omitted-records',
      detail: `quarantine holds at most ${this.maxBytes} bytes of records per read; these were counted only`,
      count: this.omittedCount,
      by_reason: this.omitted,
    });
    return [...this.lines, summary];
  }
}
