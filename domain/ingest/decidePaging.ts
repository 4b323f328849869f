import type { WithheldAlert } from '../correlation/CorrelationState';
import type { NodeMute } from '../ports/MuteStore';

export interface PagingPolicy {
  /** Incidents whose last evidence is older than this at detection are historical; undefined pages any age. */
  readonly pageWithinMs: number | undefined;
}

/**
 * Whether an incident detected at `detectedAtMs` is paged: undefined when it is, else why not. Both
 * reasons are recorded when both hold, so the audit trail says everything that kept the alert back.
 */
export function decidePaging(
  lastEventMs: number,
  detectedAtMs: number,
  policy: PagingPolicy,
  mute: NodeMute | undefined,
): WithheldAlert | undefined {
  const historical = policy.pageWithinMs !== undefined && detectedAtMs - lastEventMs > policy.pageWithinMs;
  if (!historical && !mute) return undefined;
  return { historical, muted: mute ? { reason: mute.reason, until: mute.until } : null };
}
