import type { FauxqsServer } from 'fauxqs';

export interface LocalMessaging {
  /** `http://127.0.0.1:<port>`: the SNS and SQS endpoint. */
  readonly endpoint: string;
  readonly server: FauxqsServer;
  stop(): Promise<void>;
}

export interface LocalMessagingOptions {
  /** @default 0 (any free port) */
  readonly port?: number;
  /** Keep a copy of every message for tests (`server.spy`); 0 turns the spy off. @default 10_000 */
  readonly spyBufferSize?: number;
}

/**
 * Starts fauxqs, an SNS/SQS-compatible server (in memory only), in process (port 0 picks a free port).
 * fauxqs 1.x always listens on 0.0.0.0 (all interfaces; `startFauxqs` has no bind-address option):
 * clients use `http://127.0.0.1:<port>`, but the port is reachable from the network unless a firewall
 * closes it. Queue URLs it returns use the host `sqs.<region>.localhost`, which need not resolve: SQS
 * clients must set an explicit endpoint (or `useQueueUrlAsEndpoint: false` with AWS_ENDPOINT_URL_SQS).
 */
export async function startLocalMessaging(options: LocalMessagingOptions = {}): Promise<LocalMessaging> {
  // fauxqs is ESM-only (no `require` export): load it with import(), which CommonJS code may use.
  const { startFauxqs } = await import('fauxqs');
  const spyBufferSize = options.spyBufferSize ?? 10_000;
  const server = await startFauxqs({
    port: options.port ?? 0,
    host: 'localhost',
    logger: false,
    messageSpies: spyBufferSize > 0 ? { bufferSize: spyBufferSize } : false,
  });
  return {
    endpoint: `http://127.0.0.1:${server.port}`,
    server,
    stop: () => server.stop(),
  };
}
