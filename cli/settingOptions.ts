import {
  INGEST_SETTING_NAMES,
  type IngestSettingKey,
  type IngestSettings,
  parseIngestSettings,
} from '../domain/settings/ingestSettings';
import { SettingsError } from '../domain/settings/SettingsError';
import { UsageError } from './UsageError';

type StringOption = { readonly type: 'string' };

/** `parseArgs` options for these ingest settings, under their flag names (`--window`, ...). */
export function settingOptions(keys: readonly IngestSettingKey[]): Record<string, StringOption> {
  return Object.fromEntries(keys.map((key) => [flagOf(key), { type: 'string' } as const]));
}

/** The settings given as flags, checked and defaulted; a usage error naming each wrong flag otherwise. */
export function settingsFromFlags(
  values: Readonly<Record<string, unknown>>,
  keys: readonly IngestSettingKey[],
): IngestSettings {
  const input = Object.fromEntries(keys.map((key) => [key, values[flagOf(key)]]));
  try {
    return parseIngestSettings(input, 'flag');
  } catch (error) {
    if (error instanceof SettingsError) throw new UsageError(error.problems.join('\n'));
    throw error;
  }
}

function flagOf(key: IngestSettingKey): string {
  return INGEST_SETTING_NAMES[key].flag.slice(2);
}
