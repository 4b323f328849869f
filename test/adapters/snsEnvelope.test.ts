import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { envelope } from '../../adapters/aws/SnsIncidentPublisher';

const SNS_LIMIT_BYTES = 256 * 1024;

describe('the SNS message structure of an alert', () => {
  it('keeps a short email whole', () => {
    expect(JSON.parse(envelope('Evidence: …', 'sms text'))).toEqual({
      default: 'Evidence: …',
      email: 'Evidence: …',
      sms: 'sms text',
    });
  });

  it('fits 256 KiB of UTF-8 whatever the email holds, cutting its end and saying so', () => {
    const character = fc.oneof(
      fc.constantFrom('服', '务', '😀', '"', '\n', '\u0001', 'a'),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
    );
    fc.assert(
      fc.property(
        fc.array(character, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 60_000 }),
        (unit, times) => {
          const email = unit.join('').repeat(times);
          const sent = envelope(email, 'HIGH KB819865 EXCH01: IIS Admin crash');
          expect(Buffer.byteLength(sent, 'utf8')).toBeLessThanOrEqual(SNS_LIMIT_BYTES - 8 * 1024);
          const parsed = JSON.parse(sent) as { default: string; email: string };
          expect(parsed.default).toBe(parsed.email);
          if (parsed.email === email) return;
          expect(parsed.email.endsWith('[message cut to fit the SNS size limit]\n')).toBe(true);
          const kept = parsed.email.slice(0, parsed.email.lastIndexOf('\n[message cut'));
          expect(email.startsWith(kept)).toBe(true);
          // No character split in two: a high surrogate kept while its low half was cut.
          const splitPair =
            /[\uD800-\uDBFF]$/.test(kept) && /^[\uDC00-\uDFFF]/.test(email.slice(kept.length));
          expect(splitPair).toBe(false);
        },
      ),
      { numRuns: 60 },
    );
  });
});
