import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readObject } from '../domain/input/readObject';

const SHIPPERS = join(__dirname, '..', '..', 'shippers');

function sample(path: string): Buffer {
  return readFileSync(join(SHIPPERS, path));
}

/**
 * What Firehose writes for a CloudWatch Logs subscription: every envelope arrives as its own gzip
 * member, concatenated without delimiters (Firehose compression off).
 */
function firehoseObject(envelopes: Buffer): Buffer {
  const lines = envelopes
    .toString('utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
  return Buffer.concat(lines.map((line) => gzipSync(line)));
}

const samples = [
  [
    'CloudWatch agent via CloudWatch Logs and Firehose',
    firehoseObject(sample('cloudwatch-agent/sample-subscription-envelopes.ndjson')),
    'xml',
  ],
  ['Winlogbeat via Logstash s3 output', sample('winlogbeat/sample-ls.s3.part0.txt'), 'ecs'],
  ['Fluent Bit winevtlog and s3 output', sample('fluent-bit/sample-winevtlog.jsonl'), 'fluentbit'],
  ['NXLog to_json', sample('nxlog/sample-windows-events.jsonl'), 'nxlog'],
] as const;

describe('shipper samples', () => {
  it.each(samples)('%s: both KB819865 events are read, with no rejects', async (_, bytes, format) => {
    const read = await readObject(bytes);
    expect(read.rejections).toEqual([]);
    expect(read.events.map((e) => [e.eventId, e.provider, e.node.toUpperCase()])).toEqual([
      [7031, 'Service Control Manager', 'EXCH01.CORP.EXAMPLE.COM'],
      [1036, 'IMAP4SVC', 'EXCH01.CORP.EXAMPLE.COM'],
    ]);
    expect(read.events[0]?.format).toBe(format);
    expect(read.events.every((e) => e.timeMs >= Date.parse('2024-03-14T02:17:45Z'))).toBe(true);
    expect(read.events.every((e) => e.timeMs < Date.parse('2024-03-14T02:18:00Z'))).toBe(true);
  });
});

describe('shipper configurations', () => {
  it('Fluent Bit reads System and Application and writes gzip objects under raw/', () => {
    const config = parse(sample('fluent-bit/fluent-bit.yaml').toString('utf8')) as {
      pipeline: { inputs: Array<Record<string, unknown>>; outputs: Array<Record<string, unknown>> };
    };
    expect(config.pipeline.inputs[0]).toMatchObject({ name: 'winevtlog', channels: 'System,Application' });
    expect(config.pipeline.outputs[0]).toMatchObject({ name: 's3', compression: 'gzip' });
    expect(String(config.pipeline.outputs[0]?.s3_key_format)).toMatch(/^raw\//);
  });

  it('the CloudWatch agent sends System and Application as XML to the log groups the stack subscribes to', () => {
    const config = JSON.parse(sample('cloudwatch-agent/amazon-cloudwatch-agent.json').toString('utf8'));
    const list = config.logs.logs_collected.windows_events.collect_list as Array<Record<string, unknown>>;
    expect(list.map((entry) => [entry.event_name, entry.event_format, entry.log_group_name])).toEqual([
      ['System', 'xml', '/windows/system'],
      ['Application', 'xml', '/windows/application'],
    ]);
  });

  it('Logstash writes json_lines under raw/ without probing the bucket root', () => {
    const config = sample('winlogbeat/logstash-s3.conf').toString('utf8');
    expect(config).toMatch(/prefix => "raw\//);
    expect(config).toMatch(/codec => json_lines/);
    expect(config).toMatch(/validate_credentials_on_root_bucket => false/);
  });
});
