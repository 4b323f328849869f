import type { AuditKind } from '../domain/audit/toAuditRecords';

/** Every audit record kind: the folders under each `dt=` partition, projected as the `kind` partition. */
export const auditRecordKinds = [
  'incident-opened',
  'evidence-added',
  'notification-sent',
  'incident-resolved',
] as const satisfies readonly AuditKind[];

// A kind added to AuditKind but not listed above would be invisible to Athena: fail the build instead.
type Unlisted = Exclude<AuditKind, (typeof auditRecordKinds)[number]>;
const everyKindListed: Unlisted extends never ? true : never = true;
void everyKindListed;
