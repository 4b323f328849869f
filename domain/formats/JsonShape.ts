import type { FormatName } from '../event/NormalisedEvent';
import type { JsonRecordMapper } from './JsonRecordMapper';

export type JsonFormatName = Exclude<FormatName, 'xml' | 'evtx' | 'cwl'>;

/**
 * One shipper's JSON record shape, a plug-in of the reader: how a record is recognised (by several
 * marker fields together: single fields are shared between shippers and drift between versions, so no
 * shape is ever chosen on one field alone) and how it is mapped to an event. Registered in `jsonShapes.ts`.
 */
export interface JsonShape {
  readonly name: JsonFormatName;
  recognise(record: Record<string, unknown>): boolean;
  /**
   * Recognises the shape from a record's compact JSON text, without parsing it: true only when the
   * markers are there beyond doubt (unescaped keys, as the shipper writes them); false means unsure,
   * and the record is parsed. For the shape checks of records that hold a rule's event id.
   */
  recogniseText?(text: string): boolean;
  readonly map: JsonRecordMapper;
}
