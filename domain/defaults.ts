/** Defaults shared by every door into the core (CLI, Lambda, local pipeline). */
export const DEFAULT_MAX_RECORD_BYTES = 1024 * 1024;
export const DEFAULT_MAX_OBJECT_BYTES = 8 * 1024 ** 3;
export const DEFAULT_ALLOWED_LATENESS = '24h';
export const DEFAULT_TIME_ZONE = 'UTC';
/** Stored size from which gzip is inflated on a worker thread: below it a thread's start costs more. */
export const WORKER_INFLATE_MIN_BYTES = 4 * 1024 * 1024;
/** How far ahead of the processing clock an event may be dated before it is rejected as `future-time`. */
export const DEFAULT_MAX_CLOCK_SKEW = '1h';
/** Memory the correlation state of one process may take before the oldest pending matches are dropped. */
export const DEFAULT_MAX_STATE_BYTES = 64 * 1024 * 1024;
/** How long a claim protects an alert being published before another caller may take it over. */
export const DEFAULT_PUBLISH_LEASE = '60s';
/**
 * An incident whose last evidence is older than this when it is detected is historical: audited, counted,
 * not paged (old logs loaded late must not wake the on-call). `off` pages whatever the age.
 */
export const DEFAULT_PAGE_WITHIN = '24h';
/** The value of `pageWithin` (context, PAGE_WITHIN, `local --page-within`) that pages incidents of any age. */
export const PAGE_WITHIN_OFF = 'off';
