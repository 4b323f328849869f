import { describe, expect, it } from 'vitest';
import { MessagePacer, type PacerClock } from '../../../cli/replay/MessagePacer';
import { rateOption } from '../../../cli/replay/replayCommand';

/** Time that moves only when the pacer sleeps, or when the test says work took a while. */
function virtualClock(): PacerClock & { advance(ms: number): void; slept: number[] } {
  let now = 1_000_000;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    advance(ms) {
      now += ms;
    },
    async sleep(ms, signal) {
      if (signal?.aborted) throw new Error('aborted');
      slept.push(ms);
      now += ms;
    },
  };
}

/** Sends `total` messages in the pacer's batches; returns when each batch went and its size. */
async function sendAll(pacer: MessagePacer, clock: PacerClock, total: number, workMs = 0) {
  const sent: { at: number; count: number }[] = [];
  for (let left = total; left > 0; ) {
    const count = Math.min(pacer.batchSize, left);
    await pacer.waitToSend(count);
    sent.push({ at: clock.now(), count });
    (clock as ReturnType<typeof virtualClock>).advance(workMs);
    left -= count;
  }
  return sent;
}

/** The most messages sent in any half-open stretch [t, t + lengthMs) starting at a send. */
function busiest(sent: readonly { at: number; count: number }[], lengthMs: number): number {
  return Math.max(
    ...sent.map(({ at }) =>
      sent.filter((s) => s.at >= at && s.at < at + lengthMs).reduce((sum, s) => sum + s.count, 0),
    ),
  );
}

describe('pacing replayed messages', () => {
  it('sends at most the rate per second plus one batch in any second, and takes as long as the rate says', async () => {
    const clock = virtualClock();
    const pacer = new MessagePacer(20, clock);
    const sent = await sendAll(pacer, clock, 200);

    expect(pacer.batchSize).toBe(10);
    expect(busiest(sent, 1000)).toBeLessThanOrEqual(20);
    expect(busiest(sent, 5000)).toBeLessThanOrEqual(100);
    const first = sent[0]?.at ?? 0;
    const last = sent[sent.length - 1]?.at ?? 0;
    expect(last - first).toBe(((200 - 10) / 20) * 1000);
  });

  it('does not burst to catch up after a slow stretch (a slow listing page)', async () => {
    const clock = virtualClock();
    const pacer = new MessagePacer(10, clock);
    await pacer.waitToSend(10);
    clock.advance(30_000);
    const sent = await sendAll(pacer, clock, 50);
    expect(busiest(sent, 1000)).toBeLessThanOrEqual(10);
  });

  it('lowers the batch below ten messages for rates under 10/s, never below one', () => {
    expect(new MessagePacer(3).batchSize).toBe(3);
    expect(new MessagePacer(0.5).batchSize).toBe(1);
    expect(new MessagePacer(3000).batchSize).toBe(10);
  });

  it('never sleeps when work is slower than the rate', async () => {
    const clock = virtualClock();
    const pacer = new MessagePacer(100, clock);
    await sendAll(pacer, clock, 100, 500);
    expect(clock.slept).toEqual([]);
  });
});

describe('the --rate option', () => {
  it.each([
    ['50/s', 50],
    ['50', 50],
    ['0.5/s', 0.5],
    [' 10 / s ', 10],
  ])('reads %s as %d messages per second', (text, rate) => {
    expect(rateOption(text)).toBe(rate);
  });

  it.each(['0', '0/s', '-5/s', 'fast', '10/m', '1e3', '3001/s', ''])('refuses %j', (text) => {
    expect(() => rateOption(text)).toThrow(/--rate: .* is not a rate such as 50\/s/);
  });
});
