import { describe, expect, it } from 'vitest';
import { CountsByNode, namedNodes } from '../../../domain/correlation/CountsByNode';

describe('matches counted per node', () => {
  it('counts a node under the name it first came with, whatever the letter case, most first', () => {
    const counts = new CountsByNode();
    for (const node of ['EXCH01', 'exch02', 'exch01', 'Exch01 ']) counts.add(node);
    expect(counts.list()).toEqual([
      { node: 'EXCH01', matches: 3 },
      { node: 'exch02', matches: 1 },
    ]);
  });

  it('names as many nodes as a line takes and counts the others, at the limit and one past it', () => {
    const nodes = (n: number) => Array.from({ length: n }, (_, i) => ({ node: `n${i}`, matches: n - i }));
    expect(namedNodes(nodes(20), 20)).toEqual({ named: nodes(20), others: 0 });
    expect(namedNodes(nodes(21), 20)).toEqual({ named: nodes(21).slice(0, 20), others: 1 });
    expect(namedNodes([], 20)).toEqual({ named: [], others: 0 });
  });
});
