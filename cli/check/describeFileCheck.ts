import { describeZoneMismatch } from '../../domain/formats/describeZoneMismatch';
import type { Column } from '../output/writeRows';
import type { FileCheck } from './checkFiles';

export interface CheckLine {
  readonly item: string;
  readonly value: string;
}

export const CHECK_COLUMNS: readonly Column<CheckLine>[] = [
  { name: 'item', value: (line) => line.item },
  { name: 'value', value: (line) => line.value, tableMaxWidth: 200 },
];

/** One file's findings as lines for a person at a terminal. */
export function describeFileCheck(check: FileCheck): CheckLine[] {
  const notRead = Object.entries(check.notRead);
  const notReadCount = notRead.reduce((sum, [, count]) => sum + (count ?? 0), 0);
  const lines: CheckLine[] = [
    { item: 'file', value: check.file },
    {
      item: 'records',
      value:
        `${check.records}: ${check.events} events read` +
        (notReadCount > 0
          ? `, ${notReadCount} not read (${notRead.map(([r, n]) => `${r} ${n}`).join(', ')})`
          : ''),
    },
    { item: 'shapes', value: entries(check.shapes) || 'none' },
    {
      item: 'time range',
      value: check.timeRange ? `${check.timeRange.first} .. ${check.timeRange.last}` : 'no events',
    },
    { item: 'zone', value: check.zoneMismatch ? describeZoneMismatch(check.file, check.zoneMismatch) : 'ok' },
    { item: 'future-dated', value: `${check.futureDated} events more than 1h ahead of now` },
    { item: 'very old', value: `${check.veryOld} events more than 1 year old` },
    { item: 'nodes', value: check.nodes.length > 0 ? check.nodes.join(', ') : 'none' },
    ...check.ruleSteps.map((step) => ({
      item: `rule step ${step.ruleId}/${step.step}`,
      value: `${step.events} events with id ${step.eventIds.join(' or ')}${step.events === 0 ? ' (none present)' : ''}`,
    })),
    ...check.unknownShapeExamples.map((example, index) => ({
      item: `unknown shape ${index + 1}`,
      value: example,
    })),
  ];
  return lines;
}

function entries(counts: Readonly<Record<string, number>>): string {
  return Object.entries(counts)
    .map(([name, count]) => `${name} ${count}`)
    .join(', ');
}
