import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { NormalisedEvent, SourceLocation } from '../../../domain/event/NormalisedEvent';
import type { RecordParseResult } from '../../../domain/event/RecordRejection';

const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));

export const SOURCE: SourceLocation = { object: 's3://fleet-winlogs/test-object', line: 1, byteOffset: 0 };
export const UTC = { timeZone: 'UTC' };

/** A fixture's text, e.g. `readFixture('formats/xml/7031-vista-rendered.xml')`; one trailing newline removed. */
export function readFixture(path: string): string {
  return readFileSync(`${FIXTURES}${path}`, 'utf8').replace(/\r?\n$/, '');
}

export function readJsonFixture(path: string): Record<string, unknown> {
  return JSON.parse(readFixture(path)) as Record<string, unknown>;
}

export function readJsonLinesFixture(path: string): Record<string, unknown>[] {
  return readFixture(path)
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

export function eventOf(result: RecordParseResult): NormalisedEvent {
  if (result.kind !== 'event') {
    throw new Error(`expected an event, got rejection ${result.reason}: ${result.detail}`);
  }
  return result.event;
}

export function expectRejected(
  result: RecordParseResult,
  reason: string,
  detailPart?: string | RegExp,
): void {
  expect(result.kind === 'rejected' ? result.reason : `event`).toBe(reason);
  if (result.kind === 'rejected' && detailPart !== undefined) {
    expect(result.detail).toMatch(detailPart);
  }
}

export const MESSAGE_7031 =
  'The IIS Admin Service service terminated unexpectedly.  It has done this 3 time(s).  The following corrective action will be taken in 1 milliseconds: Run the configured recovery program.';
export const MESSAGE_1036 =
  'An error occurred while starting the Microsoft Exchange IMAP4 Service: server instance number 1 failed to start with error 0x800cc800.';
export const PARAMS_7031 = {
  param1: 'IIS Admin Service',
  param2: '3',
  param3: '1',
  param4: '3',
  param5: 'Run the configured recovery program',
};
