/** Real-looking records of the KB819865 events, as shippers write them (see formats README 1 and 2). */

export interface RecordShape {
  readonly node: string;
  /** ISO time with 7 fraction digits, as Windows writes it. */
  readonly at: string;
  readonly recordId: number;
}

/** SCM 7031 "IIS Admin Service terminated unexpectedly" as forwarded Windows Event XML (one line). */
export function iisAdminCrashXml({ node, at, recordId }: RecordShape): string {
  return `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Service Control Manager' Guid='{555908d1-a6d7-4695-8e1e-26931d2012f4}' EventSourceName='Service Control Manager'/><EventID Qualifiers='49152'>7031</EventID><Version>0</Version><Level>2</Level><Task>0</Task><Opcode>0</Opcode><Keywords>0x8080000000000000</Keywords><TimeCreated SystemTime='${at}'/><EventRecordID>${recordId}</EventRecordID><Correlation/><Execution ProcessID='632' ThreadID='4104'/><Channel>System</Channel><Computer>${node}</Computer><Security/></System><EventData><Data Name='param1'>IIS Admin Service</Data><Data Name='param2'>3</Data><Data Name='param3'>1</Data><Data Name='param4'>3</Data><Data Name='param5'>Run the configured recovery program</Data><Binary>490049005300410044004D0049004E000000</Binary></EventData><RenderingInfo Culture='en-US'><Message>The IIS Admin Service service terminated unexpectedly.  It has done this 3 time(s).  The following corrective action will be taken in 1 milliseconds: Run the configured recovery program.</Message><Level>Error</Level><Provider>Microsoft-Windows-Service Control Manager</Provider></RenderingInfo></Event>`;
}

/** IMAP4SVC 1036 "failed to start with error 0x800cc800" as forwarded Windows Event XML (one line). */
export function imapStartFailureXml({ node, at, recordId }: RecordShape): string {
  return `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='IMAP4SVC'/><EventID Qualifiers='32768'>1036</EventID><Version>0</Version><Level>3</Level><Task>1</Task><Opcode>0</Opcode><Keywords>0x80000000000000</Keywords><TimeCreated SystemTime='${at}'/><EventRecordID>${recordId}</EventRecordID><Correlation/><Execution ProcessID='0' ThreadID='0'/><Channel>Application</Channel><Computer>${node}</Computer><Security/></System><EventData><Data>1</Data><Data>0x800cc800</Data></EventData><RenderingInfo Culture='en-US'><Message>An error occurred while starting the Microsoft Exchange IMAP4 Service: server instance number 1 failed to start with error 0x800cc800.</Message><Level>Warning</Level><Task>General</Task><Provider>IMAP4SVC</Provider></RenderingInfo></Event>`;
}

/** SCM 7036 "IIS Admin Service entered the running state" (the fix) as Windows Event XML. */
export function iisAdminRunningXml({ node, at, recordId }: RecordShape): string {
  return `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Service Control Manager' Guid='{555908d1-a6d7-4695-8e1e-26931d2012f4}' EventSourceName='Service Control Manager'/><EventID Qualifiers='16384'>7036</EventID><Version>0</Version><Level>4</Level><Task>0</Task><Opcode>0</Opcode><Keywords>0x8080000000000000</Keywords><TimeCreated SystemTime='${at}'/><EventRecordID>${recordId}</EventRecordID><Correlation/><Execution ProcessID='632' ThreadID='4104'/><Channel>System</Channel><Computer>${node}</Computer><Security/></System><EventData><Data Name='param1'>IIS Admin Service</Data><Data Name='param2'>running</Data></EventData><RenderingInfo Culture='en-US'><Message>The IIS Admin Service service entered the running state.</Message><Level>Information</Level></RenderingInfo></Event>`;
}

/** Winlogbeat 8 (ECS) 1036, one NDJSON line, for objects shipped through Logstash. */
export function imapStartFailureEcs({ node, at, recordId }: RecordShape): string {
  return JSON.stringify({
    '@timestamp': `${at.slice(0, 23)}Z`,
    '@version': '1',
    agent: { type: 'winlogbeat', version: '8.12.2', hostname: node.split('.')[0], name: node.split('.')[0] },
    ecs: { version: '8.0.0' },
    event: { code: '1036', kind: 'event', provider: 'IMAP4SVC', created: `${at.slice(0, 23)}Z` },
    host: { name: node },
    log: { level: 'warning' },
    message:
      'An error occurred while starting the Microsoft Exchange IMAP4 Service: server instance number 1 failed to start with error 0x800cc800.',
    winlog: {
      api: 'wineventlog',
      channel: 'Application',
      computer_name: node,
      event_data: { param1: '1', param2: '0x800cc800' },
      event_id: '1036',
      keywords: ['Classic'],
      provider_name: 'IMAP4SVC',
      record_id: recordId,
    },
  });
}

/** A noise record no rule looks at (SCM 7040 start type change), as Windows Event XML. */
export function noiseXml({ node, at, recordId }: RecordShape): string {
  return `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Service Control Manager'/><EventID Qualifiers='16384'>7040</EventID><Level>4</Level><TimeCreated SystemTime='${at}'/><EventRecordID>${recordId}</EventRecordID><Channel>System</Channel><Computer>${node}</Computer></System><EventData><Data Name='param1'>Background Intelligent Transfer Service</Data><Data Name='param2'>auto start</Data><Data Name='param3'>demand start</Data><Data Name='param4'>BITS</Data></EventData></Event>`;
}

/** Winlogbeat 8 (ECS) 7031, one NDJSON line; `node` goes into host.name and winlog.computer_name as given. */
export function iisAdminCrashEcs({ node, at, recordId }: RecordShape): string {
  return JSON.stringify({
    '@timestamp': `${at.slice(0, 23)}Z`,
    '@version': '1',
    agent: { type: 'winlogbeat', version: '8.12.2' },
    ecs: { version: '8.0.0' },
    event: { code: '7031', kind: 'event', provider: 'Service Control Manager' },
    host: { name: node },
    log: { level: 'error' },
    message:
      'The IIS Admin Service service terminated unexpectedly.  It has done this 3 time(s).  The following corrective action will be taken in 1 milliseconds: Run the configured recovery program.',
    winlog: {
      api: 'wineventlog',
      channel: 'System',
      computer_name: node,
      event_data: {
        param1: 'IIS Admin Service',
        param2: '3',
        param3: '1',
        param4: '3',
        param5: 'Run the configured recovery program',
      },
      event_id: '7031',
      provider_name: 'Service Control Manager',
      record_id: recordId,
    },
  });
}
