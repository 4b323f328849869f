import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  renderCloudWatchEnvelope,
  renderEcs,
  renderFluentBit,
  renderKinesis,
  renderNxlog,
  renderXml,
  type SyntheticEvent,
} from './renderEventRecord';
import {
  iisAdminCrash,
  iisAdminRunning,
  mailServiceFailure,
  noiseEvent,
  seededRandom,
} from './syntheticFleet';

/**
 * Writes `samples/`: a small Exchange fleet's logs in several shipping formats, with three KB819865
 * incidents (EXCH01 across two objects and formats, EXCH02 resolved later, EXCH03 through CloudWatch Logs),
 * decoys that must not match, noise, and one damaged line. Run: `npx tsx tools/writeSamples.ts`.
 */
const SAMPLES = join(__dirname, '..', 'samples');
const random = seededRandom(2024);
const at = (time: string) => Date.parse(`2024-03-14T${time}Z`);
let record = 500_000;
const noise = (node: string, time: string, count: number): SyntheticEvent[] =>
  Array.from({ length: count }, (_, i) => noiseEvent(random, node, record++, at(time) + i * 1_700));

function write(path: string, content: string | Buffer): void {
  mkdirSync(join(SAMPLES, path, '..'), { recursive: true });
  writeFileSync(join(SAMPLES, path), content);
}

// EXCH01: the crash in the System log (raw Event XML from wevtutil: no root, no separators), the
// IMAP4 failure in the Application log shipped by Winlogbeat through Logstash (gzip NDJSON).
write(
  'exch01/system-wevtutil.xml',
  [
    ...noise('EXCH01.corp.example.com', '02:10:00', 40),
    iisAdminCrash('EXCH01.corp.example.com', 581234, at('02:17:45.123')),
  ]
    .sort((a, b) => a.timeMs - b.timeMs)
    .map(renderXml)
    .join(''),
);
write(
  'exch01/ls.s3.5f1c7a9e.2024-03-14T02.20.part0.txt.gz',
  gzipSync(
    `${[
      ...noise('EXCH01.corp.example.com', '02:12:00', 60),
      mailServiceFailure('EXCH01.corp.example.com', 2210457, at('02:17:52.555')),
    ]
      .sort((a, b) => a.timeMs - b.timeMs)
      .map(renderEcs)
      .join('\n')}\n`,
  ),
);

// EXCH02: NXLog Agent JSON; POP3 this time; the operator restarted IIS Admin at 03:05 (resolution).
write(
  'exch02/EXCH02/2024-03-14/02.30.00.1',
  `${[
    ...noise('EXCH02.corp.example.com', '02:20:00', 50),
    iisAdminCrash('EXCH02.corp.example.com', 73110, at('02:41:03')),
    mailServiceFailure('EXCH02.corp.example.com', 99120, at('02:41:40'), 'POP3SVC'),
    iisAdminRunning('EXCH02.corp.example.com', 73190, at('03:05:12')),
  ]
    .sort((a, b) => a.timeMs - b.timeMs)
    .map((e) => renderNxlog(e))
    .join('\n')}\n`,
);

// EXCH03: CloudWatch agent (text format) -> CloudWatch Logs -> Firehose: gzip members back to back.
write(
  'firehose/2024/03/14/03/winlogs-1-2024-03-14-03-00-00-7d1e2c4b.gz',
  Buffer.concat([
    gzipSync(
      JSON.stringify({
        messageType: 'CONTROL_MESSAGE',
        owner: 'CloudwatchLogs',
        logGroup: '',
        logStream: '',
        subscriptionFilters: [],
        logEvents: [
          {
            id: '',
            timestamp: at('02:59:00'),
            message: 'CWL CONTROL MESSAGE: Checking health of destination Firehose.',
          },
        ],
      }),
    ),
    gzipSync(
      renderCloudWatchEnvelope(
        [...noise('EXCH03', '02:50:00', 20), iisAdminCrash('EXCH03', 11, at('02:58:10'))],
        '/windows/system',
        false,
      ),
    ),
    gzipSync(
      renderCloudWatchEnvelope(
        [mailServiceFailure('EXCH03', 12, at('02:58:31')), ...noise('EXCH03', '02:58:40', 20)],
        '/windows/application',
        false,
      ),
    ),
  ]),
);

// EXCH04 (Fluent Bit): decoys only. Another service crashed, and another provider mentions the code.
write(
  'fluent-bit-logs/winevt/2024/03/14/02/00/00-apwgylqg',
  gzipSync(
    `${[
      ...noise('EXCH04.corp.example.com', '02:00:00', 30),
      iisAdminCrash('EXCH04.corp.example.com', 4401, at('02:30:00'), 'World Wide Web Publishing Service'),
      mailServiceFailure('EXCH04.corp.example.com', 4402, at('02:30:20'), 'MSExchangeTransport'),
      mailServiceFailure('EXCH04.corp.example.com', 4403, at('02:31:00'), 'IMAP4SVC', '0x80004005'),
    ]
      .sort((a, b) => a.timeMs - b.timeMs)
      .map((e) => renderFluentBit(e))
      .join('\n')}\n`,
  ),
);

// EXCH05 (Kinesis Agent for Windows): a crash and a failure two hours apart (outside the window),
// then one line cut off by a crashed upload.
const exch05 = [
  ...noise('EXCH05.corp.example.com', '01:00:00', 30),
  iisAdminCrash('EXCH05.corp.example.com', 5501, at('01:00:00')),
  mailServiceFailure('EXCH05.corp.example.com', 5502, at('03:10:00')),
].sort((a, b) => a.timeMs - b.timeMs);
write(
  'kinesis/exch05-2024-03-14.json',
  `${exch05.map(renderKinesis).join('\n')}\n{"EventId":7031,"Description":"The IIS Adm`,
);
