import type { NormalisedEvent } from '../../domain/event/NormalisedEvent';

let nextRecordId = 1000;

interface EventShape {
  node?: string;
  at: string;
  recordId?: number;
  message?: string;
  named?: Record<string, string>;
  positional?: string[];
}

function build(
  base: Pick<NormalisedEvent, 'channel' | 'provider' | 'eventId'>,
  shape: EventShape,
): NormalisedEvent {
  const timeMs = Date.parse(shape.at);
  if (Number.isNaN(timeMs)) throw new Error(`bad test time ${shape.at}`);
  return {
    ...base,
    node: shape.node ?? 'EXCH01.corp.example.com',
    recordId: shape.recordId ?? nextRecordId++,
    time: new Date(timeMs).toISOString(),
    timeMs,
    message: shape.message,
    data: { named: shape.named ?? {}, positional: shape.positional ?? [] },
    format: 'xml',
    source: { object: 'test', byteOffset: 0 },
  };
}

/** Service Control Manager 7031 for a service (IIS Admin Service unless told otherwise). */
export function serviceCrash(shape: EventShape & { service?: string }): NormalisedEvent {
  const service = shape.service ?? 'IIS Admin Service';
  return build(
    { channel: 'System', provider: 'Service Control Manager', eventId: 7031 },
    {
      named: {
        param1: service,
        param2: '3',
        param3: '1',
        param4: '3',
        param5: 'Run the configured recovery program',
      },
      message: `The ${service} service terminated unexpectedly.  It has done this 3 time(s).  The following corrective action will be taken in 1 milliseconds: Run the configured recovery program.`,
      ...shape,
    },
  );
}

/** IMAP4SVC (or POP3SVC) 1036 failing to start with an error code (0x800cc800 unless told otherwise). */
export function mailStartFailure(shape: EventShape & { provider?: string; error?: string }): NormalisedEvent {
  const error = shape.error ?? '0x800cc800';
  const provider = shape.provider ?? 'IMAP4SVC';
  return build(
    { channel: 'Application', provider, eventId: 1036 },
    {
      positional: ['1', error],
      message: `An error occurred while starting the Microsoft Exchange IMAP4 Service: server instance number 1 failed to start with error ${error}.`,
      ...shape,
    },
  );
}

/** Service Control Manager 7036: a service entered a state (IIS Admin Service running unless told). */
export function serviceStateChange(
  shape: EventShape & { service?: string; state?: string },
): NormalisedEvent {
  const service = shape.service ?? 'IIS Admin Service';
  const state = shape.state ?? 'running';
  return build(
    { channel: 'System', provider: 'Service Control Manager', eventId: 7036 },
    {
      named: { param1: service, param2: state },
      message: `The ${service} service entered the ${state} state.`,
      ...shape,
    },
  );
}
