import { describe, expect, it } from 'vitest';
import { nodeInText, safeNodeLabel } from '../../../domain/incident/safeNodeLabel';

describe('a node name in an alert', () => {
  it('names a DNS or NetBIOS name as it is in a subject, cut past its length with ~', () => {
    expect(safeNodeLabel('EXCH_NODE1.corp.example.com', 40)).toBe('EXCH_NODE1.corp.example.com');
    expect(safeNodeLabel('a'.repeat(40), 40)).toBe('a'.repeat(40));
    expect(safeNodeLabel('a'.repeat(41), 40)).toBe(`${'a'.repeat(39)}~`);
    expect(safeNodeLabel('-EXCH01', 40)).toBe('unrecognised node');
  });

  it('shows a plain name as it is in the text, and any other in quotes with unsafe characters escaped', () => {
    expect(nodeInText('EXCH01.corp.example.com')).toBe('EXCH01.corp.example.com');
    expect(nodeInText('ЕХЧ01')).toBe('"ЕХЧ01"');
    expect(nodeInText('a"b\\c\nd\u202ee\u200bf\ud800')).toBe('"a\\"b\\\\c\\u000ad\\u202ee\\u200bf\\ud800"');
  });

  it('keeps a name of the length allowed whole, and cuts one character more, marked ~', () => {
    const dnsName = (length: number) =>
      `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(length - 192)}`;
    expect(nodeInText(dnsName(253), 253)).toBe(dnsName(253));
    expect(nodeInText(dnsName(254), 253)).toBe(`"${dnsName(254).slice(0, 252)}~"`);
    expect(nodeInText(`${'é'.repeat(253)}`, 253)).toBe(`"${'é'.repeat(253)}"`);
    expect(nodeInText(`${'é'.repeat(254)}`, 253)).toBe(`"${'é'.repeat(252)}~"`);
  });
});
