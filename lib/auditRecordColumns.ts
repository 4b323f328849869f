import type * as glue from 'aws-cdk-lib/aws-glue';

const EVIDENCE_TYPE =
  'array<struct<event_id:int,record_id:bigint,computer:string,channel:string,provider:string,time:string,message:string,format:string,object_key:string,line:int,byte_offset:bigint,raw:string>>';
const NOTIFICATION_TYPE =
  'struct<kind:string,topic_arn:string,message_id:string,subject:string,sent_at:string>';

/**
 * The audit record contract as Glue columns: one JSON object per line, snake_case keys, written by the
 * ingest function. The record's `kind` is not a column: it is the partition its folder projects, with
 * the same value.
 */
export const auditRecordColumns: glue.CfnTable.ColumnProperty[] = [
  { name: 'recorded_at', type: 'string', comment: 'ISO 8601 time the record was written' },
  { name: 'incident_id', type: 'string' },
  { name: 'rule_id', type: 'string' },
  { name: 'rule_version', type: 'int' },
  { name: 'node', type: 'string', comment: 'Windows computer the incident is about' },
  { name: 'title', type: 'string' },
  { name: 'severity', type: 'string' },
  { name: 'first_event_at', type: 'string' },
  { name: 'last_event_at', type: 'string' },
  { name: 'resolved_at', type: 'string' },
  { name: 'time_to_resolve_seconds', type: 'bigint' },
  { name: 'evidence', type: EVIDENCE_TYPE },
  { name: 'notification', type: NOTIFICATION_TYPE },
  {
    name: 'historical',
    type: 'boolean',
    comment: 'last evidence older than pageWithin at detection: recorded, not paged',
  },
  {
    name: 'muted',
    type: 'struct<reason:string,until:string>',
    comment: 'the node was in a maintenance window at detection: recorded, not paged',
  },
];
