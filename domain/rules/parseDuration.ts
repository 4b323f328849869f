const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION_PATTERN = /^(?:\d+(?:ms|s|m|h|d))+$/;
const PART_PATTERN = /(\d+)(ms|s|m|h|d)/g;
const DAY_MS = 86_400_000;

/**
 * Every duration setting and the longest value it accepts. Past these a setting is a mistake, not a
 * choice: a window longer than a week keeps every match of a node in memory for that long, and an
 * unbounded one (`Infinity`) makes every object fail.
 */
export const DURATION_LIMITS = {
  window: 7 * DAY_MS,
  lateness: 30 * DAY_MS,
  clockSkew: 7 * DAY_MS,
  // Far below the ingest queue's visibility timeout (6 x the function timeout, at most 15 min).
  publishLease: 15 * 60_000,
  pageWithin: 30 * DAY_MS,
  // A maintenance window longer than a month is a forgotten mute, not maintenance.
  mute: 30 * DAY_MS,
} as const;

export type DurationSetting = keyof typeof DURATION_LIMITS;

export type DurationCheck =
  | { readonly ok: true; readonly ms: number }
  | { readonly ok: false; readonly problem: string };

/** Parses `90s`, `60m`, `1h30m`, `24h`, `7d` into milliseconds; undefined when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (!DURATION_PATTERN.test(trimmed)) return undefined;
  let total = 0;
  for (const [, amount, unit] of trimmed.matchAll(PART_PATTERN)) {
    total += Number(amount) * (UNIT_MS[unit ?? ''] ?? 0);
  }
  return total > 0 ? total : undefined;
}

/**
 * The one check of a duration setting: a duration, finite, and within the setting's bound. The
 * problem text says what is wrong without naming the field; callers prefix the field as their users
 * know it (`--window`, `ALLOWED_LATENESS`, a rule file's `window`).
 */
export function checkDuration(setting: DurationSetting, text: string): DurationCheck {
  const ms = parseDuration(text);
  if (ms === undefined) return { ok: false, problem: notADuration(text) };
  const max = DURATION_LIMITS[setting];
  if (!Number.isFinite(ms) || ms > max)
    return {
      ok: false,
      problem: `'${shorten(text)}' is longer than the most allowed, ${formatDuration(max)}`,
    };
  return { ok: true, ms };
}

/** The one wording of a text that is not a duration. */
export function notADuration(text: string): string {
  return `'${shorten(text)}' is not a duration such as 90s, 60m, 1h30m or 24h`;
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** Renders milliseconds the way `parseDuration` reads them (largest whole units first). */
export function formatDuration(ms: number): string {
  const parts: string[] = [];
  let rest = ms;
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    const size = UNIT_MS[unit] ?? 1;
    const amount = Math.floor(rest / size);
    if (amount > 0) parts.push(`${amount}${unit}`);
    rest -= amount * size;
  }
  if (rest > 0 || parts.length === 0) parts.push(`${rest}ms`);
  return parts.join('');
}
