import { DynamoCorrelationStore } from '../../../adapters/aws/DynamoCorrelationStore';
import {
  createStateTable,
  type LocalDynamo,
  localDynamoClient,
  startLocalDynamo,
} from '../../../adapters/local/stand-ins/startLocalDynamo';
import { BUNDLED_RULES_PATH, loadRules } from '../../../adapters/node/loadRules';
import type { IncidentState } from '../../../domain/correlation/CorrelationState';
import { Correlator } from '../../../domain/correlation/Correlator';
import { matchRules } from '../../../domain/correlation/matchRules';
import { DEFAULT_MAX_STATE_BYTES } from '../../../domain/defaults';
import { type NormalisedEvent, nodeKey } from '../../../domain/event/NormalisedEvent';
import { type IncidentReport, toIncidentReport } from '../../../domain/incident/IncidentReport';
import { settleMatches } from '../../../domain/ingest/settleMatches';
import { silentLog } from '../../../domain/ports/OperationalLog';
import type { CompiledRule } from '../../../domain/rules/CompiledRule';
import { overrideWindow } from '../../../domain/rules/overrideWindow';

export const kbRules = loadRules(BUNDLED_RULES_PATH);

export interface CorrelateOptions {
  readonly windowMs?: number;
  readonly allowedLatenessMs?: number;
}

/** Runs events in arrival order through correlation and returns the final incidents. */
export type Correlate = (
  events: readonly NormalisedEvent[],
  options?: CorrelateOptions,
) => Promise<IncidentReport[]>;

const rulesFor = (options: CorrelateOptions) =>
  options.windowMs === undefined ? kbRules : overrideWindow(kbRules, options.windowMs);

/** In memory, as `scan` runs it. */
export const correlateInMemory: Correlate = async (events, options = {}) => {
  const incidents: IncidentReport[] = [];
  const correlator = new Correlator(
    rulesFor(options),
    { allowedLatenessMs: options.allowedLatenessMs ?? 86_400_000, maxStateBytes: DEFAULT_MAX_STATE_BYTES },
    (i, r) => incidents.push(toIncidentReport(i, r)),
  );
  for (const event of events) correlator.accept(event);
  correlator.finish();
  return incidents;
};

/** Against the DynamoDB state table (dynalite), one settle per event, as the Lambda and `local` run it. */
export function stateTableCorrelation(): {
  correlate: Correlate;
  start(): Promise<void>;
  stop(): Promise<void>;
} {
  let dynamo: LocalDynamo | undefined;
  let client: ReturnType<typeof localDynamoClient> | undefined;
  let tables = 0;
  return {
    async start() {
      dynamo = await startLocalDynamo();
      client = localDynamoClient(dynamo.endpoint);
    },
    async stop() {
      client?.destroy();
      await dynamo?.stop();
    },
    correlate: async (events, options = {}) => {
      if (!client) throw new Error('start the state table first');
      const table = `spec-${++tables}`;
      await createStateTable(client, table);
      const store = new DynamoCorrelationStore(table, client);
      const rules = rulesFor(options);
      const finals: { incident: IncidentState; rule: CompiledRule }[] = [];
      const held = new Map<string, { rule: CompiledRule; node: string }>();
      const correlation = { allowedLatenessMs: options.allowedLatenessMs ?? 86_400_000 };
      for (const event of events) {
        for (const { rule, match } of matchRules(event, rules)) {
          const node = nodeKey(event.node);
          held.set(`${rule.id}\u0000${node}`, { rule, node });
          const settled = await settleMatches(
            { rule, nodeKey: node, matches: [match] },
            { store, correlation, clock: () => new Date(), log: silentLog, maxAttempts: 3 },
          );
          for (const incident of settled.finalised) finals.push({ incident, rule });
        }
      }
      const remaining: { incident: IncidentState; rule: CompiledRule }[] = [];
      for (const { rule, node } of held.values()) {
        const { state } = await store.load(rule.id, node, Date.now());
        for (const incident of state.incidents) remaining.push({ incident, rule });
      }
      remaining.sort((a, b) => a.incident.firstEventMs - b.incident.firstEventMs);
      return [...finals, ...remaining].map(({ incident, rule }) => toIncidentReport(incident, rule));
    },
  };
}
