import type { CreateRawInflater } from '../../domain/input/RawInflater';
import { ThreadRawInflater } from './ThreadRawInflater';
import { WorkerRawInflater } from './WorkerRawInflater';

/** Node's zlib for the domain's gzip reader: on a worker thread when asked, else on zlib's thread pool. */
export const createRawInflater: CreateRawInflater = ({ onWorker, maxRecordBytes }) =>
  onWorker ? new WorkerRawInflater(maxRecordBytes) : new ThreadRawInflater();
