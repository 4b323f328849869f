import { setTimeout as sleep } from 'node:timers/promises';

/** Time as the pacer sees it; tests pass a virtual clock. */
export interface PacerClock {
  now(): number;
  /** Resolves after `ms`, or rejects when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const SYSTEM_CLOCK: PacerClock = {
  now: () => Date.now(),
  sleep: (ms, signal) => sleep(ms, undefined, { signal }),
};

/**
 * Spaces batches so that no stretch of time of length T carries more than `ratePerSecond × T` messages
 * plus one batch. Each batch waits for the time the previous one earned, so a slow listing never turns
 * into a burst afterwards.
 */
export class MessagePacer {
  private nextAt: number | undefined;

  constructor(
    private readonly ratePerSecond: number,
    private readonly clock: PacerClock = SYSTEM_CLOCK,
  ) {}

  /** Messages per SendMessageBatch call: ten (the SQS limit), fewer when the rate is lower. */
  get batchSize(): number {
    return Math.max(1, Math.min(10, Math.floor(this.ratePerSecond)));
  }

  /** Waits until `count` messages may go, and books their time. */
  async waitToSend(count: number, signal?: AbortSignal): Promise<void> {
    const now = this.clock.now();
    if (this.nextAt !== undefined && this.nextAt > now) await this.clock.sleep(this.nextAt - now, signal);
    this.nextAt = Math.max(now, this.nextAt ?? now) + (count / this.ratePerSecond) * 1000;
  }
}
