import { LOCAL_STACK_NAMES } from '../../adapters/local/localStackNames';
import { DEFAULT_DATA_DIR } from '../shared/dataSourceUsage';

export const DEFAULT_RATE = 50;
export const MAX_RATE = 3000;
export const CHECKPOINT_FILE = 'replay-checkpoints.json';
/** Keys S3 returns in one listing page at most. */
export const MAX_PAGE_SIZE = 1000;

/** `winlog-correlator replay --help`: loaded without the command, so help answers at once. */
export const REPLAY_USAGE = `Usage: winlog-correlator replay [--bucket B] [--prefix P] [--since TIME] [--until TIME] [--rate N/s] [options]

Sends the objects already in the raw bucket under a prefix to the ingest queue, as the S3 event
notifications the bucket sent when they arrived, so the ingest function reads them again (on AWS, a
year of logs fans out over Lambda). Objects are listed in key order, page by page; folder markers and
empty objects are skipped (the function skips them too). Processing is idempotent: an object replayed
twice never alerts twice. Incidents older than the stack's pageWithin are recorded as historical.

Where (the local pipeline's data folder unless --queue, --s3-endpoint or --sqs-endpoint is given):
  --queue URL             the ingest queue (stack output IngestQueueUrl); needs --bucket
  --bucket NAME           the raw bucket (stack output RawBucketName); locally: the pipeline's
                          (${LOCAL_STACK_NAMES.rawBucket})
  --raw-prefix PREFIX     the ingest function's raw prefix (stack output RawKeyPrefix; default:
                          ${LOCAL_STACK_NAMES.rawKeyPrefix}, locally the pipeline's)
  --data-dir DIR          the local pipeline's data folder: replays into the queue of the pipeline
                          running on it, or into a pipeline started on it for this replay, which
                          processes every message before it is checkpointed (default: ${DEFAULT_DATA_DIR})
  --s3-endpoint URL       any S3-compatible server (path-style) instead of AWS
  --sqs-endpoint URL      any SQS-compatible server instead of AWS
  --region REGION         AWS region (default: from the environment or AWS config)

What:
  --prefix PREFIX         replay the objects whose keys start with PREFIX; it must lie under the raw
                          prefix (default: the raw prefix)
  --since TIME            only objects last modified at or after TIME: a UTC date (2024-03-14), a time
                          with its zone (2024-03-14T02:00:00Z) or a duration back from now (7d)
  --until TIME            only objects last modified at or before TIME (a date: to its end)

How:
  --rate N/s              messages per second, at most (default: ${DEFAULT_RATE}/s; up to ${MAX_RATE}/s); sent
                          by SendMessageBatch, 10 per call (fewer below 10/s)
  --checkpoint FILE       where progress is kept, per bucket + prefix + --since/--until as written
                          (default: DIR/${CHECKPOINT_FILE} of --data-dir, ${DEFAULT_DATA_DIR} unless given);
                          a rerun continues after the last batch the queue acknowledged
  --restart               ignore the checkpoint and replay from the first object
  --page-size N           objects per listing request (default: ${MAX_PAGE_SIZE})
  -h, --help              show this help

Progress on stderr (on a terminal), then a summary: objects listed, sent, skipped by time, skipped as
empty, failed (with the key and reason). Ctrl-C stops after the batch in flight. Exit status: 0 when
every object was sent, 1 when any failed or the target cannot be reached, 130 when interrupted,
2 for usage errors.`;
