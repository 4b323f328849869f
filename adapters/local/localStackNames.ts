/** Names of what the stack creates, as the local pipeline names them. */
export interface LocalStackNames {
  readonly rawBucket: string;
  /** Only keys under it are ingested (the stack's notification filter and RAW_KEY_PREFIX). */
  readonly rawKeyPrefix: string;
  readonly quarantinePrefix: string;
  readonly auditBucket: string;
  readonly auditPrefix: string;
  readonly stateTable: string;
  readonly incidentTopic: string;
  readonly ingestQueue: string;
  readonly deadLetterQueue: string;
}

export const LOCAL_STACK_NAMES: LocalStackNames = {
  rawBucket: 'fleet-winlogs',
  rawKeyPrefix: 'raw/',
  quarantinePrefix: 'quarantine/',
  auditBucket: 'winlog-audit',
  auditPrefix: 'audit/',
  stateTable: 'correlation-state',
  incidentTopic: 'incidents',
  ingestQueue: 'ingest',
  deadLetterQueue: 'ingest-dlq',
};

export interface LocalQueueSettings {
  /** Seconds a received message stays invisible before it is delivered again. */
  readonly visibilityTimeoutSeconds: number;
  /** Receives before a message moves to the dead-letter queue (the stack's default is 5). */
  readonly maxReceiveCount: number;
}

/** Settings of the stack's ingest queue, except the visibility timeout: 30 min on AWS, seconds locally. */
export const LOCAL_QUEUE_SETTINGS: LocalQueueSettings = { visibilityTimeoutSeconds: 10, maxReceiveCount: 5 };
