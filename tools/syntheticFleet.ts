import type { SyntheticEvent } from './renderEventRecord';

/** A small deterministic pseudo-random generator, so corpora are the same on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NOISE_TEMPLATES: readonly Omit<SyntheticEvent, 'node' | 'recordId' | 'timeMs'>[] = [
  {
    channel: 'System',
    provider: 'Service Control Manager',
    eventId: 7036,
    qualifiers: 16384,
    level: 4,
    message: 'The Windows Update service entered the running state.',
    data: [
      ['param1', 'Windows Update'],
      ['param2', 'running'],
    ],
  },
  {
    channel: 'Security',
    provider: 'Microsoft-Windows-Security-Auditing',
    eventId: 4624,
    level: 4,
    message:
      'An account was successfully logged on.\r\n\r\nSubject:\r\n\tSecurity ID:\t\tS-1-5-18\r\n\tAccount Name:\t\tEXCH01$\r\n\tAccount Domain:\t\tCORP\r\n\tLogon ID:\t\t0x3E7\r\n\r\nLogon Information:\r\n\tLogon Type:\t\t5\r\n\tRestricted Admin Mode:\t-\r\n\tVirtual Account:\t\tNo\r\n\tElevated Token:\t\tYes\r\n\r\nImpersonation Level:\t\tImpersonation\r\n\r\nNew Logon:\r\n\tSecurity ID:\t\tS-1-5-18\r\n\tAccount Name:\t\tSYSTEM\r\n\tAccount Domain:\t\tNT AUTHORITY\r\n\tLogon ID:\t\t0x3E7\r\n\tLogon GUID:\t\t{00000000-0000-0000-0000-000000000000}\r\n\r\nProcess Information:\r\n\tProcess ID:\t\t0x344\r\n\tProcess Name:\t\tC:\\Windows\\System32\\services.exe',
    data: [
      ['SubjectUserSid', 'S-1-5-18'],
      ['SubjectUserName', 'EXCH01$'],
      ['SubjectDomainName', 'CORP'],
      ['SubjectLogonId', '0x3e7'],
      ['TargetUserSid', 'S-1-5-18'],
      ['TargetUserName', 'SYSTEM'],
      ['TargetDomainName', 'NT AUTHORITY'],
      ['LogonType', '5'],
      ['LogonProcessName', 'Advapi  '],
      ['AuthenticationPackageName', 'Negotiate'],
      ['ProcessId', '0x344'],
      ['ProcessName', 'C:\\Windows\\System32\\services.exe'],
    ],
  },
  {
    channel: 'Application',
    provider: 'MSExchangeIS',
    eventId: 9523,
    level: 3,
    message:
      'The Microsoft Exchange Information Store database "First Storage Group\\Mailbox Store (EXCH01)" was brought online after a clean shutdown.',
    data: [['param1', 'First Storage Group\\Mailbox Store (EXCH01)']],
    classic: true,
  },
  {
    channel: 'System',
    provider: 'Microsoft-Windows-Kernel-General',
    eventId: 16,
    level: 4,
    message:
      'The access history in hive \\??\\C:\\Users\\svc-backup\\ntuser.dat was cleared updating 1532 keys and creating 84 modified pages.',
    data: [
      ['HiveNameLength', '39'],
      ['HiveName', '\\??\\C:\\Users\\svc-backup\\ntuser.dat'],
      ['KeysUpdated', '1532'],
      ['DirtyPages', '84'],
    ],
  },
];

/** How often each template occurs: logons dominate a server's logs; service state changes are a few %. */
const NOISE_WEIGHTS = [0.05, 0.55, 0.2, 0.2];

/** One of the everyday events a Windows server logs: the noise a fleet's logs are mostly made of. */
export function noiseEvent(
  random: () => number,
  node: string,
  recordId: number,
  timeMs: number,
): SyntheticEvent {
  const roll = random();
  const index = NOISE_WEIGHTS.findIndex(
    (_, i) => roll < NOISE_WEIGHTS.slice(0, i + 1).reduce((a, b) => a + b, 0),
  );
  const template = NOISE_TEMPLATES[index] ?? NOISE_TEMPLATES[0];
  if (!template) throw new Error('no noise templates');
  // Real records differ in ids, handles and names; without this the corpus compresses unrealistically well.
  const hex = () => Math.floor(random() * 0xffffffff).toString(16);
  const user = `user${Math.floor(random() * 5000)}`;
  const vary = (text: string) =>
    text
      .replace(/0x3[eE]7/g, `0x${hex()}`)
      .replace(/0x344/g, `0x${hex().slice(0, 4)}`)
      .replace(/SYSTEM|svc-backup|EXCH01\$/g, user)
      .replace(/1532|84|39/g, () => String(Math.floor(random() * 9999)));
  return {
    ...template,
    node,
    recordId,
    timeMs,
    message: vary(template.message),
    data: template.data.map(([name, value]) => [name, vary(value)] as const),
  };
}

export function iisAdminCrash(
  node: string,
  recordId: number,
  timeMs: number,
  service = 'IIS Admin Service',
): SyntheticEvent {
  return {
    node,
    recordId,
    timeMs,
    channel: 'System',
    provider: 'Service Control Manager',
    eventId: 7031,
    qualifiers: 49152,
    level: 2,
    message: `The ${service} service terminated unexpectedly.  It has done this 3 time(s).  The following corrective action will be taken in 1 milliseconds: Run the configured recovery program.`,
    data: [
      ['param1', service],
      ['param2', '3'],
      ['param3', '1'],
      ['param4', '3'],
      ['param5', 'Run the configured recovery program'],
    ],
  };
}

export function mailServiceFailure(
  node: string,
  recordId: number,
  timeMs: number,
  provider: 'IMAP4SVC' | 'POP3SVC' | string = 'IMAP4SVC',
  error = '0x800cc800',
): SyntheticEvent {
  const service = provider === 'POP3SVC' ? 'POP3' : 'IMAP4';
  return {
    node,
    recordId,
    timeMs,
    channel: 'Application',
    provider,
    eventId: 1036,
    qualifiers: 32768,
    level: 3,
    message: `An error occurred while starting the Microsoft Exchange ${service} Service: server instance number 1 failed to start with error ${error}.`,
    data: [
      ['1', '1'],
      ['2', error],
    ],
    classic: true,
  };
}

export function iisAdminRunning(node: string, recordId: number, timeMs: number): SyntheticEvent {
  return {
    node,
    recordId,
    timeMs,
    channel: 'System',
    provider: 'Service Control Manager',
    eventId: 7036,
    qualifiers: 16384,
    level: 4,
    message: 'The IIS Admin Service service entered the running state.',
    data: [
      ['param1', 'IIS Admin Service'],
      ['param2', 'running'],
    ],
  };
}
