import { describe, expect, it } from 'vitest';
import { BUNDLED_RULES_PATH, loadRules } from '../../../adapters/node/loadRules';
import { toAuditRecords } from '../../../domain/audit/toAuditRecords';
import { applyMatch, type CorrelationChange } from '../../../domain/correlation/applyMatch';
import { emptyCorrelationState } from '../../../domain/correlation/CorrelationState';
import { matchRules } from '../../../domain/correlation/matchRules';
import type { NormalisedEvent } from '../../../domain/event/NormalisedEvent';
import type { CompiledRule } from '../../../domain/rules/CompiledRule';
import { mailStartFailure, serviceCrash, serviceStateChange } from '../../support/buildEvents';

const rule = kbRule();
const RECORDED_AT = new Date('2024-03-14T02:18:00.000Z');

function kbRule(): CompiledRule {
  const [found] = loadRules(BUNDLED_RULES_PATH);
  if (!found) throw new Error('KB819865 rule missing');
  return found;
}

/** Applies events in order to one state; returns the changes of each call. */
function changesOf(events: readonly NormalisedEvent[]): CorrelationChange[][] {
  const state = emptyCorrelationState(rule.id, 'exch01.corp.example.com');
  return events.map((event) =>
    matchRules(event, [rule]).flatMap(({ match }) =>
      applyMatch(state, rule, match, { allowedLatenessMs: 86_400_000 }),
    ),
  );
}

describe('toAuditRecords', () => {
  it('records an opened incident with its opening evidence, in snake_case, unresolved', () => {
    const [, opening = []] = changesOf([
      serviceCrash({ at: '2024-03-14T02:17:45Z', recordId: 1 }),
      mailStartFailure({ at: '2024-03-14T02:17:52Z', recordId: 2 }),
    ]);
    const [entry] = toAuditRecords(opening, rule, RECORDED_AT);

    expect(entry?.record).toMatchObject({
      kind: 'incident-opened',
      recorded_at: '2024-03-14T02:18:00.000Z',
      rule_id: 'KB819865',
      rule_version: 1,
      node: 'EXCH01.corp.example.com',
      severity: 'high',
      first_event_at: '2024-03-14T02:17:45.000Z',
      last_event_at: '2024-03-14T02:17:52.000Z',
      resolved_at: null,
      time_to_resolve_seconds: null,
      notification: null,
    });
    expect(entry?.record.evidence.map((e) => [e.event_id, e.record_id])).toEqual([
      [7031, 1],
      [1036, 2],
    ]);
  });

  it('records later evidence as one evidence-added record per event', () => {
    const changes = changesOf([
      serviceCrash({ at: '2024-03-14T02:17:45Z', recordId: 1 }),
      mailStartFailure({ at: '2024-03-14T02:17:52Z', recordId: 2 }),
      mailStartFailure({ at: '2024-03-14T02:19:00Z', recordId: 3, provider: 'POP3SVC' }),
    ]);
    const entries = toAuditRecords(changes[2] ?? [], rule, RECORDED_AT);

    expect(entries.map((e) => [e.record.kind, e.record.evidence.map((x) => x.record_id)])).toEqual([
      ['evidence-added', [3]],
    ]);
  });

  it('measures time to resolve from the first event to the resolving event', () => {
    const changes = changesOf([
      serviceCrash({ at: '2024-03-14T02:17:45Z', recordId: 1 }),
      mailStartFailure({ at: '2024-03-14T02:17:52Z', recordId: 2 }),
      serviceStateChange({ at: '2024-03-14T02:27:45Z', recordId: 3 }),
    ]);
    const [resolved] = toAuditRecords(changes[2] ?? [], rule, RECORDED_AT);

    expect(resolved?.record).toMatchObject({
      kind: 'incident-resolved',
      resolved_at: '2024-03-14T02:27:45.000Z',
      time_to_resolve_seconds: 600,
    });
    expect(resolved?.record.evidence.map((e) => e.event_id)).toEqual([7036]);
  });

  it('names the same decision with the same identity whenever it is recorded, and different decisions differently', () => {
    const events = [
      serviceCrash({ at: '2024-03-14T02:17:45Z', recordId: 1 }),
      mailStartFailure({ at: '2024-03-14T02:17:52Z', recordId: 2 }),
      serviceStateChange({ at: '2024-03-14T02:27:45Z', recordId: 3 }),
    ];
    const first = changesOf(events).flatMap((c) => toAuditRecords(c, rule, RECORDED_AT));
    const again = changesOf(events).flatMap((c) => toAuditRecords(c, rule, new Date()));

    expect(again.map((e) => e.identity)).toEqual(first.map((e) => e.identity));
    expect(new Set(first.map((e) => e.identity)).size).toBe(first.length);
  });
});
