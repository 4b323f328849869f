import { describe, expect, it } from 'vitest';
import { parseCloudWatchAgentText } from '../../../domain/formats/parseCloudWatchAgentText';
import { eventOf, expectRejected, MESSAGE_1036, MESSAGE_7031, readFixture, SOURCE } from './formatFixtures';

const TIMESTAMP_7031 = 1710382665123;
const TEXT_7031 = readFixture('formats/cwl/7031-text.txt');

describe('parseCloudWatchAgentText', () => {
  it('maps the CloudWatch agent text 7031 message, taking the time from the log event timestamp', () => {
    expect(eventOf(parseCloudWatchAgentText(TEXT_7031, TIMESTAMP_7031, SOURCE))).toEqual({
      node: 'EXCH01.corp.example.com',
      channel: 'System',
      provider: 'Service Control Manager',
      eventId: 7031,
      time: '2024-03-14T02:17:45.123Z',
      timeMs: TIMESTAMP_7031,
      level: 'error',
      message: MESSAGE_7031,
      data: { named: {}, positional: [] },
      format: 'cwl',
      source: SOURCE,
    });
  });

  it('maps the CloudWatch agent text 1036 message', () => {
    const event = eventOf(
      parseCloudWatchAgentText(readFixture('formats/cwl/1036-text.txt'), 1710382672555, SOURCE),
    );
    expect(event).toMatchObject({
      channel: 'Application',
      provider: 'IMAP4SVC',
      eventId: 1036,
      level: 'warning',
      message: MESSAGE_1036,
    });
  });

  it('keeps brackets and newlines inside the message', () => {
    const text = '[System] [ERROR] [7031] [Service Control Manager] [HOST] [line [one] ] [x]\r\nline two]';
    expect(eventOf(parseCloudWatchAgentText(text, TIMESTAMP_7031, SOURCE)).message).toBe(
      'line [one] ] [x]\r\nline two',
    );
  });

  it('maps the Kinesis Agent for Windows default text with its leading client id', () => {
    const event = eventOf(
      parseCloudWatchAgentText(readFixture('formats/cwl/7031-kinesis-text.txt'), TIMESTAMP_7031, SOURCE),
    );
    expect(event).toMatchObject({
      channel: 'System',
      level: 'error',
      eventId: 7031,
      provider: 'Service Control Manager',
      node: 'EXCH01.corp.example.com',
      message: MESSAGE_7031,
    });
  });

  it('maps the Kinesis Agent for Windows 1036 text', () => {
    const event = eventOf(
      parseCloudWatchAgentText(readFixture('formats/cwl/1036-kinesis-text.txt'), TIMESTAMP_7031, SOURCE),
    );
    expect(event).toMatchObject({
      eventId: 1036,
      level: 'warning',
      provider: 'IMAP4SVC',
      message: MESSAGE_1036,
    });
  });

  it('parses an XML message (agent event_format xml) as event XML with format cwl', () => {
    const event = eventOf(
      parseCloudWatchAgentText(readFixture('formats/cwl/7031-xml.txt'), TIMESTAMP_7031, SOURCE),
    );
    expect(event).toMatchObject({ eventId: 7031, time: '2024-03-14T02:17:45.1234567Z', format: 'cwl' });
  });

  it('keeps a message cut off by the size limit (no closing bracket)', () => {
    const text =
      '[System] [ERROR] [7031] [Service Control Manager] [HOST] [The IIS Admin Service service termi';
    expect(eventOf(parseCloudWatchAgentText(text, TIMESTAMP_7031, SOURCE)).message).toBe(
      'The IIS Admin Service service termi',
    );
  });

  it('rejects text that is not in the bracketed format as unknown-format', () => {
    expectRejected(
      parseCloudWatchAgentText('CWL CONTROL MESSAGE: Checking health', TIMESTAMP_7031, SOURCE),
      'unknown-format',
    );
  });

  it('rejects a non-numeric event id field as unknown-format', () => {
    const text = '[System] [ERROR] [x7031] [Service Control Manager] [HOST] [m]';
    expectRejected(parseCloudWatchAgentText(text, TIMESTAMP_7031, SOURCE), 'unknown-format');
  });

  it('rejects an empty computer field as missing-field', () => {
    const text = '[System] [ERROR] [7031] [Service Control Manager] [] [m]';
    expectRejected(parseCloudWatchAgentText(text, TIMESTAMP_7031, SOURCE), 'missing-field', 'Computer');
  });

  it('rejects a timestamp that is not a finite number as invalid-field', () => {
    expectRejected(parseCloudWatchAgentText(TEXT_7031, Number.NaN, SOURCE), 'invalid-field', 'timestamp');
  });
});
