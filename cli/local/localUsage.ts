import { relative } from 'node:path';
import { LOCAL_QUEUE_SETTINGS } from '../../adapters/local/localStackNames';
import { BUNDLED_SAMPLES_PATH } from '../../app/local/bundledSamplesPath';
import {
  DEFAULT_ALLOWED_LATENESS,
  DEFAULT_MAX_CLOCK_SKEW,
  DEFAULT_MAX_OBJECT_BYTES,
  DEFAULT_MAX_RECORD_BYTES,
  DEFAULT_MAX_STATE_BYTES,
  DEFAULT_PAGE_WITHIN,
  DEFAULT_PUBLISH_LEASE,
  DEFAULT_TIME_ZONE,
} from '../../domain/defaults';

export const DEFAULT_DATA_DIR = '.local';
export const DEFAULT_WATCH_DIR = 'inbox';

/** `winlog-correlator local --help`: loaded without the command, so help answers at once. */
export const LOCAL_USAGE = `Usage: winlog-correlator local [options]

Runs the whole pipeline on this machine, with no AWS account and no network: an S3-compatible server
(s3rver), a DynamoDB-compatible server (dynalite) and an SNS/SQS stand-in (fauxqs) start in this process;
the bucket, table, topic and queues the stack would create are created; the bundled samples are uploaded
under raw/, their event times moved so the newest lies a minute before the first start on the data folder; each S3 ObjectCreated event goes to the ingest queue as an S3 notification, and the real
ingest handler is invoked with batches from that queue (batch size 10, partial batch failures retried
after the visibility timeout, a dead-letter queue after the last receive). Each alert is shown as its
email and SMS text and written to the outbox. Then files copied into the watch folder are uploaded (under
raw/inbox/, once their size is stable) and processed, until Ctrl-C.

Options:
  --data-dir DIR        objects, DynamoDB state and the handler's JSON logs (DIR/logs/ingest.log);
                        a restart on the same folder keeps correlation state and does not alert again
                        (default: ${DEFAULT_DATA_DIR})
  --outbox DIR          every published SNS message, one JSON file per message, named in time order:
                        { topicArn, subject, message, messageStructure, messageAttributes } as sent
                        (default: DIR/outbox of --data-dir, i.e. ${DEFAULT_DATA_DIR}/outbox)
  --watch DIR           folder to watch, created if missing (default: ./${DEFAULT_WATCH_DIR})
  --once                upload the samples and what is in the watch folder, wait until the queue is
                        drained (retries included), print a summary and exit
  --no-samples          do not upload the bundled samples (${relative(process.cwd(), BUNDLED_SAMPLES_PATH) || '.'})
  --window DURATION     correlation window for every rule, as in scan (default: each rule's own,
                        KB819865: 60m)
  --lateness DURATION   how late an event may arrive and still correlate, as in scan (default: ${DEFAULT_ALLOWED_LATENESS})
  --max-clock-skew DURATION
                        events dated further ahead of the clock are rejected as future-time, as in
                        scan (default: ${DEFAULT_MAX_CLOCK_SKEW})
  --max-state-bytes N   memory the correlation state of one invocation may take, as in scan
                        (default: ${DEFAULT_MAX_STATE_BYTES})
  --page-within DURATION|off
                        an incident whose last event is older than this when it is detected is
                        historical: recorded in the audit trail, counted, not alerted; off alerts on
                        any age (default: ${DEFAULT_PAGE_WITHIN})
  --publish-lease DURATION
                        how long a claimed alert waits before the drain sends it in the stead of a
                        run that died (default: ${DEFAULT_PUBLISH_LEASE})
  --timezone ZONE       IANA zone of shippers that log local time without an offset, as in scan
                        (default: ${DEFAULT_TIME_ZONE})
  --max-record-bytes N  longest record accepted, as in scan (default: ${DEFAULT_MAX_RECORD_BYTES})
  --max-object-bytes N  objects larger than this (decompressed) are quarantined unread
                        (default: ${DEFAULT_MAX_OBJECT_BYTES})
  --rules PATH          a rule file or a folder of rule files (default: the bundled rules)
  --s3-port N           port of the S3 stand-in, on 127.0.0.1 (default: 0, any free port)
  --dynamodb-port N     port of the DynamoDB stand-in, on 127.0.0.1 (default: 0, any free port)
  --sns-port N          port of the SNS/SQS stand-in (default: 0, any free port); fauxqs 1.x always
                        listens on all interfaces (0.0.0.0), not only on 127.0.0.1
  --visibility-timeout DURATION
                        how long a failed message waits before it is delivered again (default:
                        ${LOCAL_QUEUE_SETTINGS.visibilityTimeoutSeconds}s; the stack uses 6 x the function timeout)
  --max-receives N      receives before a message goes to the dead-letter queue
                        (default: ${LOCAL_QUEUE_SETTINGS.maxReceiveCount}, as the stack)
  -h, --help            show this help

Alerts go to stdout, the runner's progress lines to stderr. Uses dummy credentials and region; never
reads AWS configuration or contacts AWS. Exit status: 0 after Ctrl-C or a finished --once, 1 when the
pipeline cannot start (a port in use, say), 2 for usage errors.`;
