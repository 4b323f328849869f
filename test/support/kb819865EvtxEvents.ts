import type { EvtxTestEvent } from './buildEvtxFile';
import type { RecordShape } from './windowsEventRecords';

/** The KB819865 events as Windows stores them in .evtx (see windowsEventRecords.ts for their XML). */
export function iisAdminCrashEvtx({ node, at, recordId }: RecordShape): EvtxTestEvent {
  return {
    computer: node,
    channel: 'System',
    provider: 'Service Control Manager',
    providerGuid: '{555908d1-a6d7-4695-8e1e-26931d2012f4}',
    eventSourceName: 'Service Control Manager',
    eventId: 7031,
    qualifiers: 49152,
    level: 2,
    keywords: 0x8080000000000000n,
    time: at,
    recordId,
    processId: 632,
    threadId: 4104,
    data: [
      ['param1', 'IIS Admin Service'],
      ['param2', '3'],
      ['param3', '1'],
      ['param4', '3'],
      ['param5', 'Run the configured recovery program'],
    ],
    binary: '490049005300410044004D0049004E000000',
  };
}

/** IMAP4SVC 1036, a classic event: unnamed data, no message stored. */
export function imapStartFailureEvtx({ node, at, recordId }: RecordShape): EvtxTestEvent {
  return {
    computer: node,
    channel: 'Application',
    provider: 'IMAP4SVC',
    eventId: 1036,
    qualifiers: 32768,
    level: 3,
    task: 1,
    time: at,
    recordId,
    data: ['1', '0x800cc800'],
  };
}

/** A record no rule looks at: SCM 7040, a start type change. */
export function noiseEvtx({ node, at, recordId }: RecordShape): EvtxTestEvent {
  return {
    computer: node,
    channel: 'System',
    provider: 'Service Control Manager',
    eventId: 7040,
    qualifiers: 16384,
    level: 4,
    time: at,
    recordId,
    data: [
      ['param1', 'Background Intelligent Transfer Service'],
      ['param2', 'auto start'],
      ['param3', 'demand start'],
      ['param4', 'BITS'],
    ],
  };
}
