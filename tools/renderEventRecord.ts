/**
 * Writes synthetic Windows events in the shapes real shippers produce (see ../shared/formats/README.md),
 * for the bundled samples, the benchmark corpus and property tests. Not used by the product itself.
 */
export interface SyntheticEvent {
  readonly node: string;
  readonly channel: string;
  readonly provider: string;
  readonly eventId: number;
  readonly qualifiers?: number;
  readonly level: 1 | 2 | 3 | 4;
  readonly recordId: number;
  /** UTC epoch milliseconds. */
  readonly timeMs: number;
  readonly message: string;
  /** Named data (manifest events) or, when `classic`, positional values. */
  readonly data: readonly (readonly [string, string])[];
  readonly classic?: boolean;
}

export type SyntheticFormat = 'xml' | 'ecs' | 'nxlog' | 'fluentbit' | 'kinesis' | 'cwl-text';

const LEVEL_NAMES = { 1: 'Critical', 2: 'Error', 3: 'Warning', 4: 'Information' } as const;

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&apos;');
}

/** 7 fraction digits, as EvtRender writes SystemTime. */
function systemTime(timeMs: number): string {
  return new Date(timeMs).toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
}

/** Local wall time at a fixed offset: `YYYY-MM-DD hh:mm:ss` and the `+hhmm` / `+hh:mm` suffixes. */
function localTime(timeMs: number, offsetMinutes: number): { wall: string; compact: string; colon: string } {
  const wall = new Date(timeMs + offsetMinutes * 60_000).toISOString().slice(0, 19).replace('T', ' ');
  const sign = offsetMinutes < 0 ? '-' : '+';
  const hh = String(Math.floor(Math.abs(offsetMinutes) / 60)).padStart(2, '0');
  const mm = String(Math.abs(offsetMinutes) % 60).padStart(2, '0');
  return { wall, compact: `${sign}${hh}${mm}`, colon: `${sign}${hh}:${mm}` };
}

export function renderXml(e: SyntheticEvent): string {
  const data = e.data
    .map(([name, value]) =>
      e.classic ? `<Data>${escapeXml(value)}</Data>` : `<Data Name='${name}'>${escapeXml(value)}</Data>`,
    )
    .join('');
  const qualifiers = e.qualifiers === undefined ? '' : ` Qualifiers='${e.qualifiers}'`;
  return (
    `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='${escapeXml(e.provider)}'/>` +
    `<EventID${qualifiers}>${e.eventId}</EventID><Version>0</Version><Level>${e.level}</Level><Task>0</Task><Opcode>0</Opcode>` +
    `<Keywords>0x80000000000000</Keywords><TimeCreated SystemTime='${systemTime(e.timeMs)}'/><EventRecordID>${e.recordId}</EventRecordID>` +
    `<Correlation/><Execution ProcessID='632' ThreadID='4104'/><Channel>${e.channel}</Channel><Computer>${escapeXml(e.node)}</Computer><Security/></System>` +
    `<EventData>${data}</EventData><RenderingInfo Culture='en-US'><Message>${escapeXml(e.message)}</Message>` +
    `<Level>${LEVEL_NAMES[e.level]}</Level><Provider>${escapeXml(e.provider)}</Provider><Keywords><Keyword>Classic</Keyword></Keywords></RenderingInfo></Event>`
  );
}

export function renderEcs(e: SyntheticEvent): string {
  const eventData = Object.fromEntries(
    e.data.map(([name, value], i) => [e.classic ? `param${i + 1}` : name, value]),
  );
  return JSON.stringify({
    '@timestamp': new Date(e.timeMs).toISOString(),
    '@version': '1',
    agent: {
      type: 'winlogbeat',
      version: '8.12.2',
      hostname: e.node.split('.')[0],
      name: e.node.split('.')[0],
    },
    ecs: { version: '8.0.0' },
    event: {
      code: String(e.eventId),
      kind: 'event',
      provider: e.provider,
      created: new Date(e.timeMs + 900).toISOString(),
    },
    host: { name: e.node },
    log: { level: LEVEL_NAMES[e.level].toLowerCase() },
    message: e.message.replace(/\r\n/g, '\n'),
    tags: ['beats_input_codec_plain_applied'],
    winlog: {
      api: 'wineventlog',
      channel: e.channel,
      computer_name: e.node,
      event_data: eventData,
      event_id: String(e.eventId),
      keywords: ['Classic'],
      opcode: 'Info',
      process: { pid: 632, thread: { id: 4104 } },
      provider_name: e.provider,
      record_id: e.recordId,
    },
  });
}

export function renderNxlog(e: SyntheticEvent, offsetMinutes = 60): string {
  const local = localTime(e.timeMs, offsetMinutes);
  const fraction = String(e.timeMs % 1000).padStart(3, '0');
  return JSON.stringify({
    EventTime: `${local.wall.replace(' ', 'T')}.${fraction}000${local.colon}`,
    Hostname: e.node,
    Keywords: '9259400833873739776',
    LevelValue: e.level,
    EventType: LEVEL_NAMES[e.level].toUpperCase(),
    SeverityValue: e.level === 2 ? 4 : e.level === 3 ? 3 : 2,
    Severity: LEVEL_NAMES[e.level].toUpperCase(),
    EventID: e.eventId,
    SourceName: e.provider,
    Version: 0,
    TaskValue: 0,
    OpcodeValue: 0,
    RecordNumber: e.recordId,
    ExecutionProcessID: 632,
    ExecutionThreadID: 4104,
    Channel: e.channel,
    Message: e.message,
    Level: LEVEL_NAMES[e.level],
    ...Object.fromEntries(e.classic ? [] : e.data),
    EventReceivedTime: `${local.wall.replace(' ', 'T')}.${fraction}000${local.colon}`,
    SourceModuleName: 'eventlog',
    SourceModuleType: 'im_msvistalog',
  });
}

export function renderFluentBit(e: SyntheticEvent, offsetMinutes = 60): string {
  const local = localTime(e.timeMs, offsetMinutes);
  return JSON.stringify({
    date: new Date(e.timeMs + 1200).toISOString(),
    ProviderName: e.provider,
    ProviderGuid: '',
    Qualifiers: e.qualifiers ?? '',
    EventID: e.eventId,
    Version: 0,
    Level: e.level,
    Task: 0,
    Opcode: 0,
    Keywords: '0x80000000000000',
    TimeCreated: `${local.wall} ${local.compact}`,
    EventRecordID: e.recordId,
    ActivityID: '',
    RelatedActivityID: '',
    ProcessID: 632,
    ThreadID: 4104,
    Channel: e.channel,
    Computer: e.node,
    UserID: '',
    Message: e.message,
    StringInserts: e.data.map(([, value]) => value),
  });
}

export function renderKinesis(e: SyntheticEvent): string {
  return JSON.stringify({
    EventId: e.eventId,
    Description: e.message,
    LevelDisplayName: e.level === 4 ? 'Informational' : LEVEL_NAMES[e.level],
    LogName: e.channel,
    MachineName: e.node,
    ProviderName: e.provider,
    TimeCreated: systemTime(e.timeMs),
    Index: e.recordId,
    UserName: null,
    Keywords: 'Classic',
    EventData: e.data.map(([, value]) => value),
  });
}

/** The CloudWatch agent's `text` event format (the message of one CloudWatch Logs event). */
export function renderCloudWatchText(e: SyntheticEvent): string {
  const level = LEVEL_NAMES[e.level].toUpperCase();
  return `[${e.channel}] [${level}] [${e.eventId}] [${e.provider}] [${e.node}] [${e.message}]`;
}

/** One CloudWatch Logs subscription envelope, as Firehose receives it (before gzip). */
export function renderCloudWatchEnvelope(
  events: readonly SyntheticEvent[],
  logGroup: string,
  asXml: boolean,
): string {
  return JSON.stringify({
    messageType: 'DATA_MESSAGE',
    owner: '123456789012',
    logGroup,
    logStream: 'i-0abc123def4567890',
    subscriptionFilters: ['to-firehose'],
    logEvents: events.map((e, i) => ({
      id: `${37965137614392049413312358419271011939203391476186939392n + BigInt(i)}`,
      timestamp: e.timeMs,
      message: asXml ? renderXml(e) : renderCloudWatchText(e),
    })),
  });
}

export const RENDERERS: Readonly<
  Record<Exclude<SyntheticFormat, 'cwl-text'>, (e: SyntheticEvent) => string>
> = {
  xml: renderXml,
  ecs: renderEcs,
  nxlog: (e) => renderNxlog(e),
  fluentbit: (e) => renderFluentBit(e),
  kinesis: renderKinesis,
};
