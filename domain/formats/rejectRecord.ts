import type { RecordParseResult, RejectReason } from '../input/RecordRejection';

export function rejectRecord(reason: RejectReason, detail: string): RecordParseResult {
  return { kind: 'rejected', reason, detail };
}
