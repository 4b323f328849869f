import { describe, expect, it } from 'vitest';
import { mapFluentBitRecord } from '../../../domain/formats/mapFluentBitRecord';
import {
  eventOf,
  expectRejected,
  MESSAGE_1036,
  MESSAGE_7031,
  PARAMS_7031,
  readJsonFixture,
  SOURCE,
  UTC,
} from './formatFixtures';

const WINEVTLOG_7031 = readJsonFixture('formats/fluentbit/7031-winevtlog.json');

describe('mapFluentBitRecord', () => {
  it('parses the event XML of Render_Event_As_XML mode from the System key', () => {
    const event = eventOf(
      mapFluentBitRecord(readJsonFixture('formats/fluentbit/7031-xml-mode.json'), SOURCE, UTC),
    );
    expect(event).toMatchObject({
      node: 'EXCH01.corp.example.com',
      eventId: 7031,
      time: '2024-03-14T02:17:45.1234567Z',
      format: 'fluentbit',
      message: MESSAGE_7031,
    });
    expect(event.data.named).toMatchObject(PARAMS_7031);
  });

  it('uses StringInserts and Message when the XML of XML mode has neither', () => {
    const xml =
      "<Event><System><Provider Name='IMAP4SVC'/><EventID>1036</EventID><TimeCreated SystemTime='2024-03-14T02:17:52.5551234Z'/><Channel>Application</Channel><Computer>EXCH01</Computer></System></Event>";
    const record = { System: xml, Message: MESSAGE_1036, StringInserts: ['1', '0x800cc800'] };
    const event = eventOf(mapFluentBitRecord(record, SOURCE, UTC));
    expect(event.message).toBe(MESSAGE_1036);
    expect(event.data.positional).toEqual(['1', '0x800cc800']);
  });

  it('rejects XML mode with a DOCTYPE in the System key as xml-doctype', () => {
    expectRejected(
      mapFluentBitRecord({ System: '<!DOCTYPE x><Event/>', Message: '' }, SOURCE, UTC),
      'xml-doctype',
    );
  });

  it('turns numeric string inserts into text and keeps positions of unusable ones', () => {
    const record = { ...WINEVTLOG_7031, StringInserts: ['IIS Admin Service', 3, 1, null, { x: 1 }] };
    expect(eventOf(mapFluentBitRecord(record, SOURCE, UTC)).data.positional).toEqual([
      'IIS Admin Service',
      '3',
      '1',
      '',
      '',
    ]);
  });

  it('keeps CRLF in the message', () => {
    const record = { ...WINEVTLOG_7031, Message: 'first\r\nsecond' };
    expect(eventOf(mapFluentBitRecord(record, SOURCE, UTC)).message).toBe('first\r\nsecond');
  });

  it('masks a full 32-bit EventID', () => {
    expect(eventOf(mapFluentBitRecord({ ...WINEVTLOG_7031, EventID: 3221232503 }, SOURCE, UTC)).eventId).toBe(
      7031,
    );
  });

  it('rejects a record without TimeCreated as missing-field', () => {
    const { TimeCreated: _time, ...record } = WINEVTLOG_7031;
    expectRejected(mapFluentBitRecord(record, SOURCE, UTC), 'missing-field', 'TimeCreated');
  });

  it('rejects a record without Computer as missing-field', () => {
    const { Computer: _computer, ...record } = WINEVTLOG_7031;
    expectRejected(mapFluentBitRecord(record, SOURCE, UTC), 'missing-field', 'Computer');
  });
});
