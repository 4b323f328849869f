import type { EventLevel } from '../event/NormalisedEvent';

/** Windows `Level` values; 0 (LogAlways) is what classic sources write for information events. */
const WINDOWS_LEVELS: readonly EventLevel[] = [
  'information',
  'critical',
  'error',
  'warning',
  'information',
  'verbose',
];

const LEVEL_NAMES: ReadonlyMap<string, EventLevel> = new Map([
  ['critical', 'critical'],
  ['crit', 'critical'],
  ['fatal', 'critical'],
  ['error', 'error'],
  ['err', 'error'],
  ['warning', 'warning'],
  ['warn', 'warning'],
  ['information', 'information'],
  ['informational', 'information'],
  ['info', 'information'],
  ['logalways', 'information'],
  ['verbose', 'verbose'],
  ['debug', 'verbose'],
  ['auditsuccess', 'audit-success'],
  ['successaudit', 'audit-success'],
  ['auditfailure', 'audit-failure'],
  ['failureaudit', 'audit-failure'],
]);

/**
 * Maps the level spellings shippers use to one vocabulary: Windows level numbers (also as numeric strings),
 * rendered names in any case ("Error", "ERROR", "[ERROR]"), NXLog's AUDIT_SUCCESS and KinesisTap's
 * "Informational"/"LogAlways". Undefined for anything unrecognised (custom levels, Sysmon's `EventType` values).
 */
export function normaliseEventLevel(value: unknown): EventLevel | undefined {
  if (typeof value === 'number') {
    return Number.isInteger(value) ? WINDOWS_LEVELS[value] : undefined;
  }
  if (typeof value !== 'string' || value.length > 40) return undefined;
  const key = value.toLowerCase().replace(/[[\]\s_-]/g, '');
  if (/^[0-9]$/.test(key)) return WINDOWS_LEVELS[Number(key)];
  return LEVEL_NAMES.get(key);
}
