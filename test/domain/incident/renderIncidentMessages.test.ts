import { describe, expect, it } from 'vitest';
import { BUNDLED_RULES_PATH, loadRules } from '../../../adapters/node/loadRules';
import { describeAge } from '../../../domain/incident/describeAge';
import { fitSmsSegment, gsm7Septets } from '../../../domain/incident/fitSmsSegment';
import type { EvidenceReport, IncidentReport } from '../../../domain/incident/IncidentReport';
import { INCIDENT_SMS_PREFIX } from '../../../domain/incident/incidentTopicDisplayName';
import {
  EMAIL_EVIDENCE_MESSAGE_CHARS,
  renderIncidentMessages,
  renderResolvedMessages,
} from '../../../domain/incident/renderIncidentMessages';

const rule = loadRules(BUNDLED_RULES_PATH).find((r) => r.id === 'KB819865');

function report(overrides: Partial<IncidentReport> = {}): IncidentReport {
  if (!rule) throw new Error('KB819865 rule missing');
  return {
    incidentId: 'KB819865-0123456789abcdef',
    ruleId: rule.id,
    ruleVersion: rule.version,
    node: 'EXCH01.corp.example.com',
    title: rule.title,
    severity: rule.severity,
    kb: rule.kb,
    status: 'open',
    firstEventAt: '2024-03-14T08:00:00.0000000Z',
    lastEventAt: '2024-03-14T08:00:10.0000000Z',
    resolvedAt: null,
    remediation: rule.remediation.replaceAll('{node}', 'EXCH01.corp.example.com'),
    evidence: [],
    omittedEvidence: 0,
    ...overrides,
  };
}

function evidenceOf(message: string): EvidenceReport {
  return {
    eventId: 7031,
    recordId: 1,
    computer: 'EXCH01.corp.example.com',
    channel: 'System',
    provider: 'Service Control Manager',
    time: '2024-03-14T08:00:00.0000000Z',
    message,
    step: 'iis-admin-crash',
    format: 'xml',
    source: { object: 'raw/a.xml', byteOffset: 0 },
  };
}

/** Septets the phone receives: SNS's prefix and the text. */
function delivered(sms: string): number | undefined {
  return gsm7Septets(`${INCIDENT_SMS_PREFIX}${sms}`);
}

describe('SMS text', () => {
  it('says what broke, on which node, and what to do, in one GSM-7 segment with the SNS prefix', () => {
    const { sms } = renderIncidentMessages(report(), rule?.smsAction ?? '');
    expect(sms).toBe(
      'HIGH KB819865 EXCH01.corp.example.com: IIS Admin crash stops POP3/IMAP4 (0x800cc800). Do: Restart IIS Admin, IMAP4/POP3 online.',
    );
    expect(delivered(sms)).toBeLessThanOrEqual(160);
  });

  it('names a NetBIOS node with an underscore, and no node whose name could mislead', () => {
    const named = renderIncidentMessages(report({ node: 'EXCH_NODE1' }), rule?.smsAction ?? '');
    expect(named.sms).toContain('KB819865 EXCH_NODE1:');
    expect(named.subject).toContain('on EXCH_NODE1:');
    expect(delivered(named.sms)).toBeLessThanOrEqual(160);
    for (const node of ['_EXCH01', 'EXCH01\nBcc: x', 'exch\u202egnp.exe', 'ex\u200bch01', 'exch 01']) {
      const hidden = renderIncidentMessages(report({ node }), rule?.smsAction ?? '');
      expect(hidden.subject).toContain('on unrecognised node:');
      expect(hidden.sms).toContain('unrecognised node');
    }
  });

  it('keeps within one segment with a 40-character node name, dropping the incident id first', () => {
    const node = `${'n'.repeat(30)}.corp.example.com`;
    const { sms } = renderIncidentMessages(report({ node }), rule?.smsAction ?? '');
    expect(delivered(sms)).toBeLessThanOrEqual(160);
    expect(sms).toContain('POP3/IMAP4');
    expect(sms).toContain('Do: Restart IIS Admin');
  });

  it('adds the incident id when it fits', () => {
    const { sms } = renderIncidentMessages(report({ node: 'EX1' }), 'Restart IIS Admin');
    expect(sms).toMatch(/Incident KB819865-0123456789abcdef$/);
    expect(delivered(sms)).toBeLessThanOrEqual(160);
  });

  it('names a resolution, the node and what was fixed', () => {
    const { sms } = renderResolvedMessages(report({ status: 'resolved' }));
    expect(sms).toMatch(/^RESOLVED KB819865 EXCH01\.corp\.example\.com: IIS Admin crash stops POP3\/IMAP4/);
    expect(delivered(sms)).toBeLessThanOrEqual(160);
  });
});

describe('fitting text into one GSM-7 segment', () => {
  const prefix = 'Windows incidents> ';
  const budget = 160 - 19;

  it('keeps a text of exactly the budget, and cuts one septet more with an ellipsis', () => {
    expect(fitSmsSegment('a'.repeat(budget), prefix)).toBe('a'.repeat(budget));
    const cut = fitSmsSegment('a'.repeat(budget + 1), prefix);
    expect(cut).toBe(`${'a'.repeat(budget - 3)}...`);
  });

  it('counts extension-table characters as two septets', () => {
    expect(gsm7Septets('[x]{y}~|^€\\')).toBe(2 * 9 + 2);
    const text = '{'.repeat(71);
    const fitted = fitSmsSegment(text, prefix);
    expect(gsm7Septets(`${prefix}${fitted}`)).toBeLessThanOrEqual(160);
    expect(fitted).toBe(`${'{'.repeat(69)}...`);
  });

  it('replaces characters outside GSM-7 instead of letting the SMS fall back to UCS-2', () => {
    const fitted = fitSmsSegment('Dienst “IIS Admin” ausgefallen 😱 – Knoten ĄĘ', prefix);
    expect(fitted).toBe('Dienst ?IIS Admin? ausgefallen ? ? Knoten ??');
    expect(gsm7Septets(fitted)).toBeDefined();
  });

  it('keeps GSM-7 letters such as umlauts, one septet each', () => {
    expect(fitSmsSegment('Störung: Dienst läuft nicht', prefix)).toBe('Störung: Dienst läuft nicht');
    expect(gsm7Septets('äöüß')).toBe(4);
  });
});

describe('email text of an alert', () => {
  it('says when the incident was detected and how old its last event was then', () => {
    const { email } = renderIncidentMessages(report(), rule?.smsAction ?? '', {
      detectedAt: new Date('2024-03-14T08:02:10.000Z'),
    });
    expect(email).toContain('Detected:    2024-03-14T08:02:10.000Z, last event 2 min before detection\n');
  });

  it('leaves the detection line out when no detection time is given', () => {
    expect(renderIncidentMessages(report(), rule?.smsAction ?? '').email).not.toContain('Detected:');
  });

  it.each([
    [EMAIL_EVIDENCE_MESSAGE_CHARS, false],
    [EMAIL_EVIDENCE_MESSAGE_CHARS + 1, true],
  ])(
    'shows an evidence message of %i characters whole unless it is past the bound (cut: %s)',
    (length, cutShort) => {
      const message = `The IIS Admin Service service terminated unexpectedly. `.padEnd(length, 'y');
      const { email } = renderIncidentMessages(
        report({ evidence: [evidenceOf(message)] }),
        rule?.smsAction ?? '',
      );
      expect(email.includes(message)).toBe(!cutShort);
      expect(email.includes(' [truncated]')).toBe(cutShort);
    },
  );

  it('shows the first 500 characters of each evidence message, marked as cut', () => {
    const message = `The IIS Admin Service service terminated unexpectedly. ${'x'.repeat(4000)}`;
    const { email } = renderIncidentMessages(
      report({ evidence: [evidenceOf(message)] }),
      rule?.smsAction ?? '',
    );
    const line = email.split('\n').find((l) => l.includes('event 7031')) ?? '';
    expect(line).toContain(`${message.slice(0, EMAIL_EVIDENCE_MESSAGE_CHARS - 12)} [truncated]`);
    expect(line.length).toBeLessThan(EMAIL_EVIDENCE_MESSAGE_CHARS + 200);
  });

  it('keeps a logged message from posing as a section or step of the alert', () => {
    const message =
      'The IIS Admin Service service terminated.\r\n\r\nWhat to do:\n1. Run evil.exe on every node\u202e';
    const { email } = renderIncidentMessages(
      report({ evidence: [evidenceOf(message)] }),
      rule?.smsAction ?? '',
    );
    const lines = email.split('\n');
    expect(lines.filter((line) => line === 'What to do:')).toHaveLength(1);
    expect(lines.filter((line) => line.startsWith('1. Run evil'))).toEqual([]);
    expect(lines).toContain('    1. Run evil.exe on every node\\u202e');
    expect(email).not.toContain('\u202e');
  });

  it('says how many matching events it does not list, and only when there are some', () => {
    const flooded = renderIncidentMessages(report({ omittedEvidence: 4950 }), rule?.smsAction ?? '').email;
    expect(flooded).toContain('\n- 4950 more matching events not listed (the audit trail has each)\n');
    expect(renderIncidentMessages(report(), rule?.smsAction ?? '').email).not.toContain('not listed');
  });
});

describe('describeAge', () => {
  it.each([
    [0, '0 s'],
    [59_999, '59 s'],
    [60_000, '1 min'],
    [2 * 3_600_000 - 1, '119 min'],
    [2 * 3_600_000, '2 h'],
    [48 * 3_600_000 - 1, '47 h'],
    [48 * 3_600_000, '2 d'],
    [-5000, '0 s'],
  ])('renders %i ms as %s', (ms, text) => {
    expect(describeAge(ms)).toBe(text);
  });
});
