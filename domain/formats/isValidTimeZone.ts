/** True when `name` is an IANA time zone (or alias) that this runtime's Intl knows; used to validate `--timezone`. */
export function isValidTimeZone(name: string): boolean {
  if (typeof name !== 'string' || name.trim() === '') {
    return false;
  }
  // The default zone; asking Intl would load its zone data (tens of ms) at every start for nothing.
  if (name === 'UTC') return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
