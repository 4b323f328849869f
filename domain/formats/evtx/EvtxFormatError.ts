import { WinlogError } from '../../errors/WinlogError';

/** Bytes that do not follow the .evtx format; caught per record or chunk and reported as a rejection. */
export class EvtxFormatError extends WinlogError {
  readonly code = 'EVTX_FORMAT';
}
