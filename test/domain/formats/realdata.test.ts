import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { mapJsonRecord } from '../../../domain/formats/detectJsonRecordFormat';
import { parseWindowsEventXml } from '../../../domain/formats/parseWindowsEventXml';
import { eventOf, readFixture, readJsonLinesFixture, SOURCE, UTC } from './formatFixtures';

const REALDATA = fileURLToPath(new URL('../../fixtures/realdata/', import.meta.url));

function filesIn(folder: string): string[] {
  return readdirSync(`${REALDATA}${folder}`).map((name) => `realdata/${folder}/${name}`);
}

/** Real XML files hold one event, or several concatenated with no root as wevtutil writes them. */
function eventsOf(text: string): string[] {
  return text
    .split(/(?<=<\/Event>)/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

describe('real records', () => {
  it.each(filesIn('xml'))('parses every event of %s', (path) => {
    for (const xml of eventsOf(readFixture(path))) {
      const event = eventOf(parseWindowsEventXml(xml, SOURCE));
      expect(event.node).not.toBe('');
      expect(event.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$/);
    }
  });

  it('keeps the CRLF inside a real Data element (beats 1001)', () => {
    const event = eventOf(
      parseWindowsEventXml(
        readFixture('realdata/xml/beats-testdata-application-windows-error-reporting-1001.xml'),
        SOURCE,
      ),
    );
    expect(event.data.positional[15]).toContain('\r\n\\\\?\\C:\\Windows\\Logs\\CBS\\CBS.log\r\n');
    expect(event.data.positional).toHaveLength(23);
  });

  it('maps the real Service Control Manager 7036 with RenderingInfo from Event Viewer-style XML', () => {
    const event = eventOf(
      parseWindowsEventXml(
        readFixture('realdata/xml/otel-testdata-xmlRenderingInfoSystem-scm-7036.xml'),
        SOURCE,
      ),
    );
    expect(event).toMatchObject({
      node: 'computer',
      provider: 'Service Control Manager',
      eventId: 7036,
      level: 'information',
      message: 'The Software Protection service entered the running state.',
      data: {
        named: {
          param1: 'Software Protection',
          param2: 'running',
          Binary: '7300700070007300760063002F0034000000',
        },
      },
    });
  });

  it('masks nothing from a real 16384 and keeps its nine-digit time', () => {
    const event = eventOf(
      parseWindowsEventXml(
        readFixture('realdata/xml/fluent-parser-winevt_xml-testdata-application-spp-16394.xml'),
        SOURCE,
      ),
    );
    expect(event.eventId).toBe(16394);
    expect(event.time).toBe('2020-01-16T09:57:18.013693700Z');
  });

  it.each(filesIn('nxlog-json'))('maps every line of %s as NXLog', (path) => {
    for (const record of readJsonLinesFixture(path)) {
      expect(eventOf(mapJsonRecord(record, SOURCE, UTC)).format).toBe('nxlog');
    }
  });

  it.each(filesIn('export-winevents-json'))('maps every line of %s as export-winevents', (path) => {
    for (const record of readJsonLinesFixture(path)) {
      expect(eventOf(mapJsonRecord(record, SOURCE, UTC)).format).toBe('export-winevents');
    }
  });

  it('reads real NXLog CE local times in the shipper zone so they agree with the Logstash @timestamp', () => {
    const records = readJsonLinesFixture(
      'realdata/nxlog-json/mordor-nxlog-empire_shell_samr_enumdomainusers-7040.sample.json',
    );
    for (const record of records) {
      const event = eventOf(mapJsonRecord(record, SOURCE, { timeZone: 'America/New_York' }));
      const received = Date.parse(String(record['@timestamp']));
      expect(received - event.timeMs).toBeGreaterThanOrEqual(0);
      expect(received - event.timeMs).toBeLessThan(60_000);
    }
  });

  it('maps a real NXLog Service Control Manager 7040 with its top-level params', () => {
    const records = readJsonLinesFixture(
      'realdata/nxlog-json/mordor-nxlog-empire_shell_samr_enumdomainusers-7040.sample.json',
    );
    const scm = records.find((record) => record.EventID === 7040);
    const event = eventOf(mapJsonRecord(scm ?? {}, SOURCE, UTC));
    expect(event).toMatchObject({
      provider: 'Service Control Manager',
      channel: 'System',
      level: 'information',
    });
    expect(event.data.named).toMatchObject({ param1: 'Microsoft NDIS Capture', param4: 'NdisCap' });
    expect(event.data.named.Hostname).toBeUndefined();
  });

  it('keeps the lower-case channel name of real NXLog security records as logged', () => {
    const records = readJsonLinesFixture(
      'realdata/nxlog-json/mordor-nxlog-empire_shell_samr_enumdomainusers-7040.sample.json',
    );
    const channels = records.map((record) => eventOf(mapJsonRecord(record, SOURCE, UTC)).channel);
    expect(channels).toContain('security');
  });

  it('maps real NXLog audit records to audit levels', () => {
    const records = readJsonLinesFixture(
      'realdata/nxlog-json/mordor-nxlog-covenant_sharpsc_query_svcctl.sample.json',
    );
    const levels = new Set(records.map((record) => eventOf(mapJsonRecord(record, SOURCE, UTC)).level));
    expect(levels).toEqual(new Set(['audit-failure']));
  });

  it('maps real export-winevents records of both time styles and the Source provider name', () => {
    const raccine = readJsonLinesFixture(
      'realdata/export-winevents-json/mordor-exportwinevents-raccine_samples-application.sample.json',
    );
    expect(eventOf(mapJsonRecord(raccine[0] ?? {}, SOURCE, UTC))).toMatchObject({
      provider: 'Raccine',
      time: '2020-10-18T03:38:05.959Z',
      message: 'Raccine detected malicious activity:\nvssadmin delete shadows \n',
    });
    const fax = readJsonLinesFixture(
      'realdata/export-winevents-json/mordor-exportwinevents-cmd_service_mod_fax-7000-7009.sample.json',
    );
    const scm = fax.find((record) => record.EventID === 7000);
    expect(eventOf(mapJsonRecord(scm ?? {}, SOURCE, UTC))).toMatchObject({
      eventId: 7000,
      level: 'error',
      channel: 'System',
    });
  });
});
