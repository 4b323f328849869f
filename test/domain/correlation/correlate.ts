import { Correlator } from '../../../domain/correlation/Correlator';
import { DEFAULT_MAX_STATE_BYTES } from '../../../domain/defaults';
import type { NormalisedEvent } from '../../../domain/event/NormalisedEvent';
import { type IncidentReport, toIncidentReport } from '../../../domain/incident/IncidentReport';
import { BUNDLED_RULES_PATH, loadRules } from '../../../domain/rules/loadRules';

export const kbRules = loadRules(BUNDLED_RULES_PATH);

/** Runs events in arrival order through an in-memory correlator and returns the final incidents. */
export function correlate(
  events: readonly NormalisedEvent[],
  options: { windowMs?: number; allowedLatenessMs?: number } = {},
): IncidentReport[] {
  const rules = options.windowMs === undefined ? kbRules : loadRules(BUNDLED_RULES_PATH, options.windowMs);
  const incidents: IncidentReport[] = [];
  const correlator = new Correlator(
    rules,
    { allowedLatenessMs: options.allowedLatenessMs ?? 86_400_000, maxStateBytes: DEFAULT_MAX_STATE_BYTES },
    (i, r) => incidents.push(toIncidentReport(i, r)),
  );
  for (const event of events) correlator.accept(event);
  correlator.finish();
  return incidents;
}
