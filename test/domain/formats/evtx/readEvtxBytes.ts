import type { EvtxDamage } from '../../../../domain/formats/evtx/EvtxRecord';
import { EvtxStreamReader } from '../../../../domain/formats/evtx/EvtxStreamReader';
import type { XmlElement } from '../../../../domain/formats/xml/XmlElement';

export interface ReadRecord {
  readonly byteOffset: number;
  readonly recordId: number;
  readonly eventId: number | undefined;
  readonly elements: readonly XmlElement[];
}

/** Reads .evtx bytes fed in the given pieces (whole by default), expanding every record. */
export function readEvtxBytes(
  bytes: Uint8Array,
  options: { readonly pieces?: readonly number[]; readonly resumeAtByte?: number } = {},
): { records: ReadRecord[]; damage: EvtxDamage[] } {
  const records: ReadRecord[] = [];
  const damage: EvtxDamage[] = [];
  const reader = new EvtxStreamReader(
    {
      record(record) {
        const elements = record.elements();
        if (elements !== undefined) {
          records.push({
            byteOffset: record.byteOffset,
            recordId: record.recordId,
            eventId: record.eventId,
            elements,
          });
        }
      },
      damaged: (found) => damage.push(found),
    },
    options.resumeAtByte,
  );
  let at = 0;
  for (const size of options.pieces ?? []) {
    reader.push(bytes.subarray(at, at + size));
    at += size;
  }
  reader.push(bytes.subarray(at));
  reader.end();
  return { records, damage };
}
