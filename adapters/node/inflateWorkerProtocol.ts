/** What the reader sends to the inflate worker. */
export type ToInflateWorker =
  | { readonly t: 'begin' }
  | { readonly t: 'in'; readonly data: ArrayBuffer }
  | { readonly t: 'finish' }
  | { readonly t: 'free'; readonly buf: ArrayBuffer };

/** What the inflate worker sends back: output buffers, acknowledgements, unused input, and each end. */
export type FromInflateWorker =
  | { readonly t: 'out'; readonly buf: ArrayBuffer; readonly len: number }
  /** `used`: input buffers the worker is done with, handed back to be freed where garbage is collected often. */
  | { readonly t: 'ack'; readonly used: readonly ArrayBuffer[] }
  | { readonly t: 'left'; readonly s: number; readonly buf: ArrayBuffer; readonly fromStart: boolean }
  | { readonly t: 'end'; readonly s: number; readonly consumed: number; readonly crc: number }
  | { readonly t: 'error'; readonly s: number; readonly message: string };

/** Settings the reader starts the worker with. */
export interface InflateWorkerData {
  readonly bufferBytes: number;
  readonly buffers: number;
  readonly recoverableBytes: number;
}
