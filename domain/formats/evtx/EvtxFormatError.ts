/** Bytes that do not follow the .evtx format; caught per record or chunk and reported as a rejection. */
export class EvtxFormatError extends Error {
  override readonly name = 'EvtxFormatError';
}
