import { describe, expect, it } from 'vitest';
import { parseWindowsEventXml } from '../../../domain/formats/parseWindowsEventXml';
import {
  eventOf,
  expectRejected,
  MESSAGE_1036,
  MESSAGE_7031,
  PARAMS_7031,
  readFixture,
  SOURCE,
} from './formatFixtures';

const VISTA_7031 = readFixture('formats/xml/7031-vista-rendered.xml');
const CLASSIC_7031 = readFixture('formats/xml/7031-classic-2003.xml');
const IMAP_1036 = readFixture('formats/xml/1036-imap4svc-classic.xml');

function withSystem(system: string, rest = ''): string {
  return `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>${system}</System>${rest}</Event>`;
}
const MINIMAL_SYSTEM =
  "<Provider Name='P'/><EventID>1</EventID><TimeCreated SystemTime='2024-03-14T02:17:45Z'/><Channel>System</Channel><Computer>HOST</Computer>";

describe('parseWindowsEventXml', () => {
  it('maps the rendered Vista+ 7031 record', () => {
    expect(eventOf(parseWindowsEventXml(VISTA_7031, SOURCE))).toEqual({
      node: 'EXCH01.corp.example.com',
      channel: 'System',
      provider: 'Service Control Manager',
      eventId: 7031,
      recordId: 581234,
      time: '2024-03-14T02:17:45.1234567Z',
      timeMs: Date.UTC(2024, 2, 14, 2, 17, 45, 123),
      level: 'error',
      message: MESSAGE_7031,
      data: { named: { ...PARAMS_7031, Binary: '490049005300410044004D0049004E000000' }, positional: [] },
      format: 'xml',
      source: SOURCE,
    });
  });

  it('uses Provider@Name, not the RenderingInfo provider display name', () => {
    expect(eventOf(parseWindowsEventXml(VISTA_7031, SOURCE)).provider).toBe('Service Control Manager');
  });

  it('maps the classic 2003 7031 record: unnamed Data are positional, the NetBIOS name is kept, no message', () => {
    const event = eventOf(parseWindowsEventXml(CLASSIC_7031, SOURCE));
    expect(event.node).toBe('EXCH01');
    expect(event.data.positional).toEqual(Object.values(PARAMS_7031));
    expect(event.data.named).toEqual({ Binary: '490049005300410044004D0049004E000000' });
    expect(event.time).toBe('2024-03-14T02:17:45.000Z');
    expect(event.message).toBeUndefined();
  });

  it('maps the IMAP4SVC 1036 record as a warning with positional parameters', () => {
    const event = eventOf(parseWindowsEventXml(IMAP_1036, SOURCE));
    expect(event).toMatchObject({
      node: 'EXCH01.corp.example.com',
      channel: 'Application',
      provider: 'IMAP4SVC',
      eventId: 1036,
      recordId: 2210457,
      time: '2024-03-14T02:17:52.5551234Z',
      level: 'warning',
      message: MESSAGE_1036,
      data: { named: {}, positional: ['1', '0x800cc800'] },
    });
  });

  it('reads the same event from double-quoted, indented XML', () => {
    const indented = VISTA_7031.replace(/'/g, '"').replace(/></g, '>\n    <');
    const event = eventOf(parseWindowsEventXml(indented, SOURCE));
    expect(event.eventId).toBe(7031);
    expect(event.node).toBe('EXCH01.corp.example.com');
    expect(event.data.named.param1).toBe('IIS Admin Service');
  });

  it('masks a full 32-bit event id to its low 16 bits', () => {
    const event = eventOf(
      parseWindowsEventXml(VISTA_7031.replace('>7031</EventID>', '>3221232503</EventID>'), SOURCE),
    );
    expect(event.eventId).toBe(7031);
  });

  it('accepts a SystemTime with nine fraction digits', () => {
    const xml = withSystem(MINIMAL_SYSTEM.replace('2024-03-14T02:17:45Z', '2016-01-11T21:35:09.417973800Z'));
    expect(eventOf(parseWindowsEventXml(xml, SOURCE)).time).toBe('2016-01-11T21:35:09.417973800Z');
  });

  it('accepts a SystemTime with no fraction digits', () => {
    expect(eventOf(parseWindowsEventXml(withSystem(MINIMAL_SYSTEM), SOURCE)).time).toBe(
      '2024-03-14T02:17:45Z',
    );
  });

  it('decodes &#xD; in the message and keeps CR/LF as in the record', () => {
    const xml = withSystem(
      MINIMAL_SYSTEM,
      '<RenderingInfo><Message>first&#xD;\nsecond\r\nthird</Message></RenderingInfo>',
    );
    expect(eventOf(parseWindowsEventXml(xml, SOURCE)).message).toBe('first\r\nsecond\r\nthird');
  });

  it('keeps control characters inside Data values', () => {
    const xml = withSystem(
      MINIMAL_SYSTEM,
      "<EventData><Data Name='CommandLine'>a\u001b[31mb\u0001</Data></EventData>",
    );
    expect(eventOf(parseWindowsEventXml(xml, SOURCE)).data.named.CommandLine).toBe('a\u001b[31mb\u0001');
  });

  it('keeps empty unnamed Data elements so that later positions hold', () => {
    const xml = withSystem(MINIMAL_SYSTEM, '<EventData><Data></Data><Data>second</Data><Data/></EventData>');
    expect(eventOf(parseWindowsEventXml(xml, SOURCE)).data.positional).toEqual(['', 'second', '']);
  });

  it('flattens the leaf children of the UserData element into named data', () => {
    const userData =
      "<UserData><LogFileCleared xmlns='http://manifests.microsoft.com/win/2004/08/windows/eventlog'><SubjectUserName>wardog</SubjectUserName><SubjectDomainName>WORKSTATION5</SubjectDomainName><Nested><Inner>x</Inner></Nested></LogFileCleared></UserData>";
    const event = eventOf(parseWindowsEventXml(withSystem(MINIMAL_SYSTEM, userData), SOURCE));
    expect(event.data.named).toEqual({ SubjectUserName: 'wardog', SubjectDomainName: 'WORKSTATION5' });
  });

  it('maps Level 0 (LogAlways, classic information) to information and Level 5 to verbose', () => {
    const level0 = withSystem(`${MINIMAL_SYSTEM}<Level>0</Level>`);
    const level5 = withSystem(`${MINIMAL_SYSTEM}<Level>5</Level>`);
    expect(eventOf(parseWindowsEventXml(level0, SOURCE)).level).toBe('information');
    expect(eventOf(parseWindowsEventXml(level5, SOURCE)).level).toBe('verbose');
  });

  it('maps Level 1 to critical', () => {
    expect(eventOf(parseWindowsEventXml(withSystem(`${MINIMAL_SYSTEM}<Level>1</Level>`), SOURCE)).level).toBe(
      'critical',
    );
  });

  it('treats an empty rendered message as no message', () => {
    const xml = withSystem(MINIMAL_SYSTEM, '<RenderingInfo><Message></Message></RenderingInfo>');
    expect(eventOf(parseWindowsEventXml(xml, SOURCE)).message).toBeUndefined();
  });

  it('rejects a record with no Computer as missing-field', () => {
    const xml = withSystem(MINIMAL_SYSTEM.replace('<Computer>HOST</Computer>', ''));
    expectRejected(parseWindowsEventXml(xml, SOURCE), 'missing-field', 'Computer');
  });

  it('rejects a record with no EventID as missing-field', () => {
    const xml = withSystem(MINIMAL_SYSTEM.replace('<EventID>1</EventID>', ''));
    expectRejected(parseWindowsEventXml(xml, SOURCE), 'missing-field', 'EventID');
  });

  it('rejects a record with no TimeCreated as missing-field', () => {
    const xml = withSystem(MINIMAL_SYSTEM.replace("<TimeCreated SystemTime='2024-03-14T02:17:45Z'/>", ''));
    expectRejected(parseWindowsEventXml(xml, SOURCE), 'missing-field', 'TimeCreated');
  });

  it('rejects an impossible SystemTime as invalid-field', () => {
    const xml = withSystem(MINIMAL_SYSTEM.replace('2024-03-14T02:17:45Z', '2024-13-14T02:17:45Z'));
    expectRejected(parseWindowsEventXml(xml, SOURCE), 'invalid-field', 'SystemTime');
  });

  it('rejects a non-numeric EventID as invalid-field', () => {
    const xml = withSystem(MINIMAL_SYSTEM.replace('<EventID>1</EventID>', '<EventID>seven</EventID>'));
    expectRejected(parseWindowsEventXml(xml, SOURCE), 'invalid-field', 'EventID');
  });

  it('rejects a record with no System element as missing-field', () => {
    expectRejected(parseWindowsEventXml('<Event><EventData/></Event>', SOURCE), 'missing-field', 'System');
  });

  it('rejects a root element other than Event as malformed-xml', () => {
    expectRejected(parseWindowsEventXml('<Events><Event/></Events>', SOURCE), 'malformed-xml', '<Events>');
  });

  it('rejects a truncated record (cut off by the CloudWatch size limit) as malformed-xml', () => {
    expectRejected(
      parseWindowsEventXml(VISTA_7031.slice(0, 900), SOURCE),
      'malformed-xml',
      /not closed|end of record/,
    );
  });

  it('rejects a record that declares a DOCTYPE as xml-doctype', () => {
    expectRejected(
      parseWindowsEventXml(`<!DOCTYPE Event [<!ENTITY x "y">]>${VISTA_7031}`, SOURCE),
      'xml-doctype',
    );
  });

  it('rejects an unknown entity in a message as malformed-xml', () => {
    const xml = withSystem(MINIMAL_SYSTEM, '<RenderingInfo><Message>&copy; 2024</Message></RenderingInfo>');
    expectRejected(parseWindowsEventXml(xml, SOURCE), 'malformed-xml', '&copy;');
  });
});
