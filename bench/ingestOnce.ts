import { lambdaContext, s3ObjectCreated, sqsEvent } from '../test/support/lambdaEvents';
import { countRequests } from './countRequests';

/**
 * Child of `npm run bench -- --ingest`: one S3 notification through the deployed handler module (its cold
 * start, configuration from the environment, done before the clock starts), then the invocation's wall
 * and CPU time, and its requests by operation. The handler's own log line 'object ingested' goes to
 * stdout with the counts.
 */
async function main(bucket: string, key: string, size: number): Promise<void> {
  const { handler } = await import('../lambdas/ingest/handler');
  const event = sqsEvent([s3ObjectCreated(bucket, key, size)]);
  const requests = countRequests();
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  const response = await handler(event, lambdaContext(900_000));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  if (response.batchItemFailures.length > 0)
    throw new Error(`the message failed: ${JSON.stringify(response)}`);
  process.stderr.write(
    `INGEST_SECONDS=${seconds}\nINGEST_CPU_MICROSECONDS=${cpu.user + cpu.system}\nINGEST_REQUESTS=${JSON.stringify(Object.fromEntries(requests))}\n`,
  );
}

void main(process.argv[2] ?? '', process.argv[3] ?? '', Number(process.argv[4])).catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
