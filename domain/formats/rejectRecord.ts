import type { RecordParseResult, RejectReason } from '../event/RecordRejection';

export function rejectRecord(reason: RejectReason, detail: string): RecordParseResult {
  return { kind: 'rejected', reason, detail };
}
