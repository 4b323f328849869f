import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readFixture } from '../formats/formatFixtures';
import { readObject } from './readObject';
import { ECS_1036, ECS_7031, NOISE_ECS, XML_1036, XML_7031 } from './sampleRecords';

function cloudWatchEnvelope(messages: string[], type = 'DATA_MESSAGE'): string {
  return JSON.stringify({
    messageType: type,
    owner: '123456789012',
    logGroup: '/windows/system',
    logStream: 'i-0abc123def4567890',
    subscriptionFilters: ['to-firehose'],
    logEvents: messages.map((message, i) => ({ id: String(i), timestamp: 1710382665123 + i, message })),
  });
}

describe('reading an object', () => {
  it('reads plain NDJSON and parses only the records a rule could match', async () => {
    const { events, summary } = await readObject([NOISE_ECS, ECS_7031, NOISE_ECS, ECS_1036].join('\n'));
    expect(events.map((e) => e.eventId)).toEqual([7031, 1036]);
    expect(summary).toMatchObject({ framing: 'lines', events: 4, candidates: 2, rejected: 0 });
  });

  it('detects gzip by magic bytes, whatever the object is called', async () => {
    const { events, summary } = await readObject(gzipSync(`${ECS_7031}\n${ECS_1036}\n`));
    expect(summary.compression).toBe('gzip');
    expect(events).toHaveLength(2);
  });

  it('reads every member of a multi-member gzip object', async () => {
    const { events } = await readObject(
      Buffer.concat([gzipSync(`${ECS_7031}\n`), gzipSync(`${ECS_1036}\n`)]),
    );
    expect(events.map((e) => e.eventId)).toEqual([7031, 1036]);
  });

  it('reads gzip inside gzip', async () => {
    const { events, summary } = await readObject(gzipSync(gzipSync(`${ECS_7031}\n`)));
    expect(summary.compression).toBe('gzip-gzip');
    expect(events).toHaveLength(1);
  });

  it('reports a corrupt gzip object and keeps the records decoded before the damage', async () => {
    const whole = gzipSync(`${ECS_7031}\n${'x'.repeat(100_000)}\n`);
    const { events, rejections } = await readObject(whole.subarray(0, whole.length - 40));
    expect(rejections.map((r) => r.reason)).toContain('corrupt-compression');
    expect(events.map((e) => e.eventId)).toEqual([7031]);
  });

  it('drops a UTF-8 byte order mark', async () => {
    const { events, summary } = await readObject(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(XML_7031)]),
    );
    expect(summary.encoding).toBe('utf-8-bom');
    expect(events).toHaveLength(1);
  });

  it('transcodes UTF-16LE with a byte order mark (Event Viewer exports)', async () => {
    const text = `<?xml version="1.0" encoding="UTF-16"?>\r\n<Events>\r\n${XML_7031}\r\n${XML_1036}\r\n</Events>\r\n`;
    const { events, rejections, summary } = await readObject(
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
      { chunkSize: 333 },
    );
    expect(summary.encoding).toBe('utf-16le');
    expect(rejections).toEqual([]);
    expect(events.map((e) => e.eventId)).toEqual([7031, 1036]);
  });

  it('reads CRLF line endings', async () => {
    const { events, rejections } = await readObject(`${ECS_7031}\r\n${ECS_1036}\r\n`);
    expect(rejections).toEqual([]);
    expect(events).toHaveLength(2);
  });

  it('reports a truncated last line with its line number and keeps the rest', async () => {
    const { events, rejections, summary } = await readObject(`${ECS_7031}\n${ECS_1036.slice(0, 80)}`);
    expect(events).toHaveLength(1);
    expect(rejections).toHaveLength(1);
    expect(rejections[0]).toMatchObject({
      reason: 'truncated-record',
      source: { object: 'test-object', line: 2 },
    });
    expect(summary.events).toBe(1);
  });

  it('reports broken JSON in the middle of an object even when no rule could match it', async () => {
    const { rejections } = await readObject(`${NOISE_ECS}\n{"winlog": {"event_id": "4624"\n${NOISE_ECS}\n`);
    expect(rejections).toHaveLength(1);
    expect(rejections[0]).toMatchObject({ reason: 'malformed-json', source: { line: 2 } });
  });

  it('rejects a record over the length cap with an excerpt and reads on', async () => {
    const long = JSON.stringify({ message: 'y'.repeat(5000), winlog: { event_id: '7031' } });
    const { events, rejections } = await readObject(`${long}\n${ECS_1036}\n`, {
      maxRecordBytes: 2000,
      chunkSize: 700,
    });
    expect(rejections).toHaveLength(1);
    expect(rejections[0]?.reason).toBe('record-too-long');
    expect(rejections[0]?.record.length).toBeLessThanOrEqual(4096);
    expect(events.map((e) => e.eventId)).toEqual([1036]);
  });

  it('stops reading at the decompressed size cap and says so', async () => {
    const { rejections, summary } = await readObject(gzipSync(`${NOISE_ECS}\n`.repeat(1000)), {
      maxObjectBytes: 10_000,
    });
    expect(summary.bytes).toBe(10_000);
    expect(rejections.map((r) => r.reason)).toContain('object-too-large');
  });

  it('reads Event XML with no root element and no separators (wevtutil)', async () => {
    const { events, rejections } = await readObject(`${XML_7031}${XML_1036}`);
    expect(rejections).toEqual([]);
    expect(events.map((e) => e.eventId)).toEqual([7031, 1036]);
  });

  it('reads pretty-printed Event XML wrapped in <Events>, split into small chunks', async () => {
    const pretty = (xml: string) => xml.replace(/></g, '>\n  <');
    const text = `<?xml version="1.0"?>\n<Events>\n${pretty(XML_7031)}\n${pretty(XML_1036)}\n</Events>\n`;
    const { events, rejections } = await readObject(text, { chunkSize: 7 });
    expect(rejections).toEqual([]);
    expect(events.map((e) => e.eventId)).toEqual([7031, 1036]);
  });

  it('rejects XML that declares a DTD and does not expand its entities', async () => {
    const text = `<!DOCTYPE Event [<!ENTITY lol "IIS Admin Service">]>${XML_7031.replace('IIS Admin Service', '&lol;')}${XML_1036}`;
    const { events, rejections } = await readObject(text);
    expect(rejections[0]?.reason).toBe('xml-doctype');
    expect(events.map((e) => e.eventId)).toEqual([1036]);
  });

  it('reports an XML event cut off at the end of the object', async () => {
    const { events, rejections } = await readObject(`${XML_7031}${XML_1036.slice(0, 200)}`);
    expect(events).toHaveLength(1);
    expect(rejections[0]?.reason).toBe('truncated-record');
  });

  it('reads CloudWatch Logs envelopes concatenated by Firehose inside gzip members, skipping control messages', async () => {
    const object = Buffer.concat([
      gzipSync(
        cloudWatchEnvelope(
          ['CWL CONTROL MESSAGE: Checking health of destination Firehose.'],
          'CONTROL_MESSAGE',
        ),
      ),
      gzipSync(
        cloudWatchEnvelope([
          readFixture('formats/cwl/7031-text.txt'),
          '[System] [INFORMATION] [7036] [Service Control Manager] [EXCH01] [The Print Spooler service entered the running state.]',
        ]),
      ),
      gzipSync(cloudWatchEnvelope([XML_1036])),
    ]);
    const { events, rejections, summary } = await readObject(object, { chunkSize: 1000 });
    expect(rejections).toEqual([]);
    expect(summary).toMatchObject({ framing: 'json-values', controlMessages: 1, events: 3 });
    expect(events.map((e) => e.eventId)).toEqual([7031, 1036]);
    expect(events[0]?.source).toMatchObject({ innerIndex: 0 });
  });

  it('strips a syslog prefix in front of NXLog JSON', async () => {
    const nxlog = JSON.stringify(JSON.parse(readFixture('formats/nxlog/7031-agent6.json')));
    const { events, rejections } = await readObject(`<14>Mar 14 02:17:46 EXCH01 nxWinEvt[892]: ${nxlog}\n`);
    expect(rejections).toEqual([]);
    expect(events[0]?.eventId).toBe(7031);
  });

  it('reports an XML event cut off in the middle of an object and still reads the event after it', async () => {
    const { events, rejections, summary } = await readObject(`${XML_7031.slice(0, 300)}${XML_1036}`);
    expect(rejections.map((r) => [r.reason, r.source.byteOffset])).toEqual([['truncated-record', 0]]);
    expect(summary).toMatchObject({ events: 1, rejected: 1 });
    expect(events.map((e) => [e.eventId, e.source.byteOffset])).toEqual([[1036, 300]]);
  });

  it('reads Event XML written one event per line, with raw line breaks inside messages', async () => {
    const multiLine = XML_1036.replace('server instance', 'server\r\ninstance');
    const { events, rejections } = await readObject(`${XML_7031}\r\n${multiLine}\r\n`);
    expect(rejections).toEqual([]);
    expect(events.map((e) => e.eventId)).toEqual([7031, 1036]);
    expect(events[1]?.message).toContain('server\r\ninstance');
  });

  it('judges each line on its own, so one odd first line does not spoil the object', async () => {
    const { events, rejections } = await readObject(
      `logstash-programmatic-access-test\n${ECS_7031}\n${ECS_1036}\n`,
    );
    expect(rejections.map((r) => r.reason)).toEqual(['unknown-format']);
    expect(events).toHaveLength(2);
  });

  it('reports lines of an unknown format one by one', async () => {
    const { rejections } = await readObject('hello world\nsecond line\n');
    expect(rejections.map((r) => [r.reason, r.source.line])).toEqual([
      ['unknown-format', 1],
      ['unknown-format', 2],
    ]);
  });

  it('gives each record its byte offset in the decompressed stream', async () => {
    const text = `${NOISE_ECS}\n${ECS_7031}\n`;
    const { events } = await readObject(gzipSync(text));
    expect(events[0]?.source).toMatchObject({ line: 2, byteOffset: NOISE_ECS.length + 1 });
  });

  it('stops when asked and resumes from the reported offset without losing or repeating records', async () => {
    const noise = Array.from({ length: 300 }, () => NOISE_ECS);
    const lines = [ECS_7031, ...noise, ECS_1036, ...noise];
    const text = `${lines.join('\n')}\n`;
    let chunks = 0;
    const first = await readObject(text, { chunkSize: 16 * 1024, shouldStop: () => ++chunks >= 6 });
    expect(first.summary.resumeAtByte).toBeGreaterThan(64 * 1024);
    expect(first.summary.resumeAtByte).toBeLessThan(text.length);
    const second = await readObject(text, { chunkSize: 1000, resumeAtByte: first.summary.resumeAtByte });
    expect([...first.events, ...second.events].map((e) => e.eventId)).toEqual([7031, 1036]);
    expect(first.summary.events + second.summary.events).toBe(lines.length);
  });
});

describe('sampling records no rule needs', () => {
  it('parses the first record and then one in every N', async () => {
    const lines = Array.from({ length: 10 }, (_, i) =>
      NOISE_ECS.replace('"record_id":5', `"record_id":${i + 1}`),
    );
    const { sampled } = await readObject(`${lines.join('\n')}\n`, { sampleEvery: 4 });
    expect(sampled.map((e) => e.recordId)).toEqual([1, 5, 9]);
  });

  it('samples XML events too, and never parses records for sampling when it is off', async () => {
    const noiseXml = XML_7031.replace('>7031<', '>7040<').replace('IIS Admin Service', 'Print Spooler');
    expect((await readObject(noiseXml.repeat(3), { sampleEvery: 2 })).sampled).toHaveLength(2);
    expect((await readObject(noiseXml.repeat(3))).sampled).toHaveLength(0);
  });
});

describe('reading an object with gzip inflated on a worker thread', () => {
  const worker = { inflateInWorker: true, maxRecordBytes: 64 * 1024 };

  it('reads every member of a large multi-member gzip object, records spanning pooled buffers', async () => {
    const noise = `${NOISE_ECS}\n`.repeat(4000);
    const object = Buffer.concat([
      gzipSync(`${noise}${ECS_7031}\n`),
      gzipSync(`${noise}${ECS_1036}\n${noise}`),
    ]);
    const { events, rejections, summary } = await readObject(object, { ...worker, chunkSize: 4096 });
    expect(rejections).toEqual([]);
    expect(summary.events).toBe(12_002);
    expect(events.map((e) => [e.eventId, e.source.line])).toEqual([
      [7031, 4001],
      [1036, 8002],
    ]);
  });

  it('reads members whose output ends on, just before and just past the 1 MB buffers zlib fills', async () => {
    const MB = 1024 * 1024;
    const member = (bytes: number): Buffer => {
      const head = `${ECS_7031}\n`;
      const tail = `${ECS_1036}\n`;
      const noise = `${NOISE_ECS}\n`;
      const room = bytes - head.length - tail.length;
      const lines = Math.floor(room / noise.length) - 1;
      const pad = room - lines * noise.length;
      const padLine = `${'x'.repeat(pad - 1)}\n`;
      return gzipSync(head + noise.repeat(lines) + padLine + tail);
    };
    for (const size of [MB, 2 * MB, 2 * MB - 1, 2 * MB + 1]) {
      const { events, summary } = await readObject(Buffer.concat([member(size), member(size)]), worker);
      expect(summary.bytes).toBe(2 * size);
      expect(events.map((e) => e.eventId)).toEqual([7031, 1036, 7031, 1036]);
    }
  });

  it('reports a corrupt gzip object and keeps what was decoded before the damage', async () => {
    const whole = gzipSync(`${ECS_7031}\n${'x'.repeat(100_000)}\n`);
    const { events, rejections } = await readObject(whole.subarray(0, whole.length - 40), worker);
    expect(rejections.map((r) => r.reason)).toContain('corrupt-compression');
    expect(events.map((e) => e.eventId)).toEqual([7031]);
  });

  it('stops at the size cap and lets the worker go', async () => {
    const { rejections, summary } = await readObject(gzipSync(`${NOISE_ECS}\n`.repeat(20_000)), {
      ...worker,
      maxObjectBytes: 100_000,
    });
    expect(summary.bytes).toBe(100_000);
    expect(rejections.map((r) => r.reason)).toContain('object-too-large');
  });
});
