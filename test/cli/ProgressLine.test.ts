import { describe, expect, it } from 'vitest';
import { ProgressLine } from '../../cli/shared/ProgressLine';

function recorder() {
  const written: string[] = [];
  return { written, stream: { write: (text: string) => written.push(text) > 0 } };
}

const state = {
  files: 1,
  totalFiles: 4,
  inputBytes: 50,
  totalInputBytes: 100,
  bytes: 2_000_000,
  events: 12_345,
};

describe('the scan progress line', () => {
  it('shows how much of the input is read, bytes and events, and their rates, on one line', () => {
    const { written, stream } = recorder();
    new ProgressLine(stream).update(state, true);
    const line = written[0] ?? '';
    // Carriage return to redraw in place, erase-to-end-of-line after.
    expect(line.startsWith('\r')).toBe(true);
    expect(line.endsWith('\u001b[K')).toBe(true);
    expect(line.slice(1, -3)).toMatch(
      /^\[#{10}\.{10}\] 1\/4 files {2}2\.0 MB {2}[\d.]+ [KMGT]?B\/s {2}12,345 events {2}[\d,]+ events\/s$/,
    );
  });

  it('redraws at most every 200 ms unless forced', () => {
    const { written, stream } = recorder();
    const line = new ProgressLine(stream);
    line.update(state);
    line.update(state);
    line.update(state, true);
    expect(written).toHaveLength(2);
  });
});
