import { describe, expect, it } from 'vitest';
import { iisAdminCrashEcs, imapStartFailureEcs } from '../../support/windowsEventRecords';
import { readObject } from './readObject';

function pairLines(index: number): string[] {
  const node = `EXCH0${index}`;
  return [
    iisAdminCrashEcs({ node, at: '2024-03-14T02:17:45.1230000Z', recordId: 2 * index }),
    imapStartFailureEcs({ node, at: '2024-03-14T02:18:45.1230000Z', recordId: 2 * index + 1 }),
  ];
}

function noiseLine(recordId: number, message = 'An account was successfully logged on.'): string {
  return JSON.stringify({
    '@timestamp': '2024-03-14T02:17:40.000Z',
    winlog: { channel: 'Security', computer_name: 'EXCH99', event_id: '4624', record_id: recordId },
    message,
  });
}

/** A PowerShell 4104 script block record: one NDJSON line far longer than 64 KB. */
function scriptBlockLine(bytes: number): string {
  return JSON.stringify({
    '@timestamp': '2024-03-14T02:17:40.000Z',
    winlog: {
      channel: 'Microsoft-Windows-PowerShell/Operational',
      computer_name: 'EXCH99',
      event_id: '4104',
      record_id: 1,
      event_data: { ScriptBlockText: 'Write-Output "x"\n'.repeat(Math.ceil(bytes / 17)) },
    },
  });
}

const cut = (line: string) => line.slice(0, Math.floor((line.length * 2) / 3));

/** 894 noise records and three KB819865 pairs: 900 events. */
function body(): string[] {
  return [
    ...Array.from({ length: 894 }, (_, i) => noiseLine(i + 10)),
    ...pairLines(1),
    ...pairLines(2),
    ...pairLines(3),
  ];
}

function nodesOf(events: readonly { node: string }[]): string[] {
  return [...new Set(events.map((e) => e.node))];
}

describe('an NDJSON object with a damaged record', () => {
  it('loses only a first line cut to two thirds', async () => {
    const { events, rejections, summary } = await readObject(
      `${[cut(noiseLine(1)), ...body()].join('\n')}\n`,
    );
    expect(summary.framing).toBe('lines');
    expect(summary.events).toBe(900);
    expect(nodesOf(events)).toEqual(['EXCH01', 'EXCH02', 'EXCH03']);
    expect(rejections).toHaveLength(1);
  });

  it('loses only a cut line after a first line longer than 64 KB', async () => {
    const lines = [scriptBlockLine(100_000), cut(noiseLine(2)), ...body()];
    const { events, rejections, summary } = await readObject(`${lines.join('\n')}\n`, { chunkSize: 16_384 });
    expect(summary.events).toBe(901);
    expect(nodesOf(events)).toEqual(['EXCH01', 'EXCH02', 'EXCH03']);
    expect(rejections).toHaveLength(1);
  });

  it('loses only a first line longer than 64 KB that is cut', async () => {
    const lines = [cut(scriptBlockLine(200_000)), ...body()];
    const { events, rejections, summary } = await readObject(`${lines.join('\n')}\n`, { chunkSize: 65_536 });
    expect(summary.events).toBe(900);
    expect(nodesOf(events)).toEqual(['EXCH01', 'EXCH02', 'EXCH03']);
    expect(rejections).toHaveLength(1);
  });
});

describe('pretty-printed JSON objects with an unbalanced one', () => {
  it('resumes at the next object that begins a line', async () => {
    const pretty = (line: string) => JSON.stringify(JSON.parse(line), null, 2);
    const [crash, failure] = pairLines(4) as [string, string];
    const text = [pretty(noiseLine(1)), cut(pretty(noiseLine(2))), pretty(crash), pretty(failure)].join('\n');
    const { events, rejections, summary } = await readObject(`${text}\n`);
    expect(summary.framing).toBe('json-values');
    expect(events.map((e) => e.eventId)).toEqual([7031, 1036]);
    expect(rejections.map((r) => r.reason)).toEqual(['truncated-record']);
  });
});
