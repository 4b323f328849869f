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
  readonly map: JsonRecordMapper;
}
