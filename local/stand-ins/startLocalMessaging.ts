import type { FauxqsServer } from 'fauxqs';

export interface LocalMessaging {
  /** `http://127.0.0.1:<port>`: the SNS and SQS endpoint. */
  readonly endpoint: string;
  readonly server: FauxqsServer;
  stop(): Promise<void>;
}

/**
 * Starts fauxqs, an SNS/SQS-compatible server, in process on 127.0.0.1 (port 0 picks a free port), with
 * the message spy on so tests can see every Publish. Queue URLs it returns use the host
 * `sqs.<region>.localhost`, which need not resolve: SQS clients must set an explicit endpoint (or
 * `useQueueUrlAsEndpoint: false` with AWS_ENDPOINT_URL_SQS).
 */
export async function startLocalMessaging(
  options: { port?: number; spyBufferSize?: number } = {},
): Promise<LocalMessaging> {
  // fauxqs is ESM-only (no `require` export): load it with import(), which CommonJS code may use.
  const { startFauxqs } = await import('fauxqs');
  const server = await startFauxqs({
    port: options.port ?? 0,
    host: 'localhost',
    logger: false,
    messageSpies: { bufferSize: options.spyBufferSize ?? 10_000 },
  });
  return {
    endpoint: `http://127.0.0.1:${server.port}`,
    server,
    stop: () => server.stop(),
  };
}
