import { describe, expect, it } from 'vitest';
import { BufferedLines } from '../../cli/output/BufferedLines';

function recordingSink() {
  const writes: string[] = [];
  return { writes, sink: { write: (text: string) => writes.push(text) } };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('BufferedLines', () => {
  it('sends the lines of one turn of the event loop in one write, in order', async () => {
    const { writes, sink } = recordingSink();
    const lines = new BufferedLines(sink);
    lines.line('{"a":1}');
    lines.line('{"b":2}');
    expect(writes).toEqual([]);

    await nextTurn();

    expect(writes).toEqual(['{"a":1}\n{"b":2}\n']);
  });

  it('writes as soon as 64 KB are waiting, without waiting for the turn to end', () => {
    const { writes, sink } = recordingSink();
    const lines = new BufferedLines(sink);
    const line = 'x'.repeat(1023);
    for (let i = 0; i < 63; i++) lines.line(line);
    expect(writes).toEqual([]);

    lines.line(line);

    expect(writes).toHaveLength(1);
    expect(writes[0]).toHaveLength(64 * 1024);
  });

  it('writes what is left on flush, and nothing twice', async () => {
    const { writes, sink } = recordingSink();
    const lines = new BufferedLines(sink);
    lines.line('last');

    lines.flush();
    lines.flush();
    await nextTurn();

    expect(writes).toEqual(['last\n']);
  });

  it('keeps writing in later turns after a flush', async () => {
    const { writes, sink } = recordingSink();
    const lines = new BufferedLines(sink);
    lines.line('one');
    await nextTurn();
    lines.line('two');
    await nextTurn();

    expect(writes).toEqual(['one\n', 'two\n']);
  });
});
