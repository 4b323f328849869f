import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIRST_LISTED_EVIDENCE, MAX_LISTED_EVIDENCE } from '../../../domain/correlation/listedEvidence';
import { mailStartFailure, serviceCrash, serviceStateChange } from '../../support/buildEvents';
import { type Correlate, correlateInMemory, stateTableCorrelation } from './correlate';

const HOUR = 3_600_000;

const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);

const stateTable = stateTableCorrelation();
beforeAll(() => stateTable.start());
afterAll(() => stateTable.stop());

// One specification, two stores: what `scan` holds in memory and what the Lambda keeps in DynamoDB.
const doors: [string, Correlate][] = [
  ['in memory', correlateInMemory],
  ['in the state table', (events, options) => stateTable.correlate(events, options)],
];

describe.each(doors)('%s', (_, correlate) => {
  describe('KB819865 correlation', () => {
    it('raises one incident when an IIS Admin crash is followed by IMAP4 error 0x800cc800 on the same node', async () => {
      const incidents = await correlate([
        serviceCrash({ at: '2024-03-14T02:17:45Z' }),
        mailStartFailure({ at: '2024-03-14T02:17:52Z' }),
      ]);
      expect(incidents).toHaveLength(1);
      const [incident] = incidents;
      expect(incident).toMatchObject({
        ruleId: 'KB819865',
        node: 'EXCH01.corp.example.com',
        severity: 'high',
        kb: { id: 'KB819865' },
        firstEventAt: '2024-03-14T02:17:45.000Z',
        lastEventAt: '2024-03-14T02:17:52.000Z',
        status: 'open',
      });
      expect(incident?.evidence.map((e) => e.eventId)).toEqual([7031, 1036]);
      expect(incident?.remediation).toContain('Restart the IIS Admin Service on EXCH01.corp.example.com');
      expect(incident?.remediation).toMatch(/hotfix|service pack/);
    });

    it('accepts POP3SVC as well as IMAP4SVC', async () => {
      const incidents = await correlate([
        serviceCrash({ at: '2024-03-14T02:17:45Z' }),
        mailStartFailure({ at: '2024-03-14T02:18:00Z', provider: 'POP3SVC' }),
      ]);
      expect(incidents).toHaveLength(1);
    });

    it('matches a 1036 logged in the same second as the crash (t = s)', async () => {
      expect(
        await correlate([
          serviceCrash({ at: '2024-03-14T02:00:00Z' }),
          mailStartFailure({ at: '2024-03-14T02:00:00Z' }),
        ]),
      ).toHaveLength(1);
    });

    it('matches a 1036 exactly one window after the crash (t = s + window)', async () => {
      expect(
        await correlate([
          serviceCrash({ at: '2024-03-14T02:00:00Z' }),
          mailStartFailure({ at: '2024-03-14T03:00:00Z' }),
        ]),
      ).toHaveLength(1);
    });

    it('does not match a 1036 one millisecond past the window', async () => {
      expect(
        await correlate([
          serviceCrash({ at: '2024-03-14T02:00:00Z' }),
          mailStartFailure({ at: '2024-03-14T03:00:00.001Z' }),
        ]),
      ).toHaveLength(0);
    });

    it('honours a per-run window override', async () => {
      const events = [
        serviceCrash({ at: '2024-03-14T02:00:00Z' }),
        mailStartFailure({ at: '2024-03-14T03:30:00Z' }),
      ];
      expect(await correlate(events)).toHaveLength(0);
      expect(await correlate(events, { windowMs: 2 * HOUR })).toHaveLength(1);
    });

    it('does not match a 1036 logged before the crash', async () => {
      expect(
        await correlate([
          mailStartFailure({ at: '2024-03-14T01:59:59Z' }),
          serviceCrash({ at: '2024-03-14T02:00:00Z' }),
        ]),
      ).toHaveLength(0);
    });

    it('matches by event time when the 1036 arrives before the 7031', async () => {
      const incidents = await correlate([
        mailStartFailure({ at: '2024-03-14T02:17:52Z' }),
        serviceCrash({ at: '2024-03-14T02:17:45Z' }),
      ]);
      expect(incidents).toHaveLength(1);
      expect(incidents[0]?.evidence.map((e) => e.eventId)).toEqual([7031, 1036]);
    });

    it('compares node names case-insensitively', async () => {
      expect(
        await correlate([
          serviceCrash({ at: '2024-03-14T02:00:00Z', node: 'EXCH01.CORP.EXAMPLE.COM' }),
          mailStartFailure({ at: '2024-03-14T02:00:05Z', node: 'exch01.corp.example.com' }),
        ]),
      ).toHaveLength(1);
    });

    it('does not pair events from different nodes', async () => {
      expect(
        await correlate([
          serviceCrash({ at: '2024-03-14T02:00:00Z', node: 'EXCH01' }),
          mailStartFailure({ at: '2024-03-14T02:00:05Z', node: 'EXCH02' }),
        ]),
      ).toHaveLength(0);
    });

    it('ignores a crash of another service', async () => {
      expect(
        await correlate([
          serviceCrash({ at: '2024-03-14T02:00:00Z', service: 'World Wide Web Publishing Service' }),
          mailStartFailure({ at: '2024-03-14T02:00:05Z' }),
        ]),
      ).toHaveLength(0);
    });

    it('ignores a 1036 from another provider even when its text mentions 0x800cc800', async () => {
      expect(
        await correlate([
          serviceCrash({ at: '2024-03-14T02:00:00Z' }),
          mailStartFailure({ at: '2024-03-14T02:00:05Z', provider: 'MSExchangeTransport' }),
        ]),
      ).toHaveLength(0);
    });

    it('ignores a 1036 with another error code', async () => {
      expect(
        await correlate([
          serviceCrash({ at: '2024-03-14T02:00:00Z' }),
          mailStartFailure({ at: '2024-03-14T02:00:05Z', error: '0x80004005' }),
        ]),
      ).toHaveLength(0);
    });

    it('recognises the crash from the rendered message when the event has no parameters', async () => {
      const crash = serviceCrash({
        at: '2024-03-14T02:00:00Z',
        named: {},
        message:
          'The IIS Admin Service service terminated unexpectedly.\r\n  It has done this 3 time(s).  The following corrective action will be taken in 1 milliseconds: Run the configured recovery program.',
      });
      expect(await correlate([crash, mailStartFailure({ at: '2024-03-14T02:00:05Z' })])).toHaveLength(1);
    });

    it('trusts param1 over the message when both are present', async () => {
      const crash = serviceCrash({
        at: '2024-03-14T02:00:00Z',
        named: { param1: 'Print Spooler' },
        message: 'The IIS Admin Service service terminated unexpectedly.',
      });
      expect(await correlate([crash, mailStartFailure({ at: '2024-03-14T02:00:05Z' })])).toHaveLength(0);
    });

    it('counts the same record delivered twice only once', async () => {
      const crash = serviceCrash({ at: '2024-03-14T02:00:00Z', recordId: 581234 });
      const failure = mailStartFailure({ at: '2024-03-14T02:00:05Z', recordId: 2210457 });
      const incidents = await correlate([
        crash,
        failure,
        crash,
        failure,
        { ...crash, node: crash.node.toUpperCase() },
      ]);
      expect(incidents).toHaveLength(1);
      expect(incidents[0]?.evidence).toHaveLength(2);
    });

    it('folds further crashes and failures within the window of the last evidence into the open incident', async () => {
      const incidents = await correlate([
        serviceCrash({ at: '2024-03-14T02:00:00Z' }),
        mailStartFailure({ at: '2024-03-14T02:00:05Z' }),
        serviceCrash({ at: '2024-03-14T02:40:00Z' }),
        mailStartFailure({ at: '2024-03-14T03:30:00Z' }),
        mailStartFailure({ at: '2024-03-14T04:20:00Z' }),
      ]);
      expect(incidents).toHaveLength(1);
      expect(incidents[0]?.evidence).toHaveLength(5);
      expect(incidents[0]?.lastEventAt).toBe('2024-03-14T04:20:00.000Z');
    });

    it('opens a new incident for a match after the episode has ended', async () => {
      const incidents = await correlate([
        serviceCrash({ at: '2024-03-14T02:00:00Z' }),
        mailStartFailure({ at: '2024-03-14T02:00:05Z' }),
        serviceCrash({ at: '2024-03-14T05:00:00Z' }),
        mailStartFailure({ at: '2024-03-14T05:00:09Z' }),
      ]);
      expect(incidents).toHaveLength(2);
      expect(incidents[0]?.incidentId).not.toBe(incidents[1]?.incidentId);
    });

    it('gives the same incident ids when the same input is replayed', async () => {
      const events = [
        serviceCrash({ at: '2024-03-14T02:00:00Z', recordId: 1 }),
        mailStartFailure({ at: '2024-03-14T02:00:05Z', recordId: 2 }),
        serviceCrash({ at: '2024-03-15T02:00:00Z', recordId: 3, node: 'EXCH02' }),
        mailStartFailure({ at: '2024-03-15T02:00:05Z', recordId: 4, node: 'EXCH02' }),
      ];
      const first = (await correlate(events)).map((i) => i.incidentId);
      const second = (await correlate(events)).map((i) => i.incidentId);
      expect(first).toHaveLength(2);
      expect(second).toEqual(first);
      expect(first[0]).toMatch(/^KB819865-[0-9a-f]{16}$/);
    });

    it('ignores a match that arrives later than the allowed lateness behind the newest event of its node', async () => {
      const incidents = await correlate(
        [
          serviceCrash({ at: '2024-03-20T00:00:00Z' }),
          serviceCrash({ at: '2024-03-14T02:00:00Z' }),
          mailStartFailure({ at: '2024-03-14T02:00:05Z' }),
        ],
        { allowedLatenessMs: HOUR },
      );
      expect(incidents).toHaveLength(0);
    });

    it('folds a flood of pairs on one node into one incident that lists its first and newest matches', async () => {
      const count = MAX_LISTED_EVIDENCE + 30;
      const events = Array.from({ length: count }, (_, i) => {
        const shape = {
          at: new Date(Date.parse('2024-03-14T02:00:00Z') + i * 10_000).toISOString(),
          recordId: i,
        };
        return i % 2 === 0 ? serviceCrash(shape) : mailStartFailure(shape);
      });
      // Out of order: the newest matches arrive first, the opening pair among the last.
      const incidents = await correlate([...events.slice(40), ...events.slice(0, 40)]);

      expect(incidents).toHaveLength(1);
      const [incident] = incidents;
      expect(incident?.omittedEvidence).toBe(30);
      expect(incident?.evidence.map((e) => e.recordId)).toEqual([
        ...range(0, FIRST_LISTED_EVIDENCE),
        ...range(count - (MAX_LISTED_EVIDENCE - FIRST_LISTED_EVIDENCE), count),
      ]);
      expect(incident?.lastEventAt).toBe(events.at(-1)?.time);
    });
  });

  describe('KB819865 resolution', () => {
    it('resolves the incident when IIS Admin enters the running state after the last evidence', async () => {
      const [incident] = await correlate([
        serviceCrash({ at: '2024-03-14T02:00:00Z' }),
        mailStartFailure({ at: '2024-03-14T02:00:05Z' }),
        serviceStateChange({ at: '2024-03-14T02:30:00Z' }),
      ]);
      expect(incident).toMatchObject({ status: 'resolved', resolvedAt: '2024-03-14T02:30:00.000Z' });
    });

    it('resolves the incident when the running event arrives before the events that open it', async () => {
      const [incident] = await correlate([
        serviceStateChange({ at: '2024-03-14T02:30:00Z' }),
        mailStartFailure({ at: '2024-03-14T02:00:05Z' }),
        serviceCrash({ at: '2024-03-14T02:00:00Z' }),
      ]);
      expect(incident?.status).toBe('resolved');
    });

    it('does not resolve on a running event before the last evidence', async () => {
      const [incident] = await correlate([
        serviceCrash({ at: '2024-03-14T02:00:00Z' }),
        serviceStateChange({ at: '2024-03-14T02:00:02Z' }),
        mailStartFailure({ at: '2024-03-14T02:00:05Z' }),
      ]);
      expect(incident?.status).toBe('open');
    });

    it('keeps the incident open when a new 0x800cc800 failure follows the running event', async () => {
      const [incident] = await correlate([
        serviceCrash({ at: '2024-03-14T02:00:00Z' }),
        mailStartFailure({ at: '2024-03-14T02:00:05Z' }),
        serviceStateChange({ at: '2024-03-14T02:10:00Z' }),
        mailStartFailure({ at: '2024-03-14T02:20:00Z' }),
      ]);
      expect(incident?.status).toBe('open');
    });

    it('ignores another service entering the running state', async () => {
      const [incident] = await correlate([
        serviceCrash({ at: '2024-03-14T02:00:00Z' }),
        mailStartFailure({ at: '2024-03-14T02:00:05Z' }),
        serviceStateChange({ at: '2024-03-14T02:30:00Z', service: 'Print Spooler' }),
      ]);
      expect(incident?.status).toBe('open');
    });
  });
});
