import http from 'node:http';

/**
 * Counts this process's HTTP requests by AWS operation from now on: DynamoDB, SQS and other JSON
 * protocols by their `X-Amz-Target`, S3 and the rest by method (`S3 PUT`). The SDK's HTTP handler
 * looks `http.request` up at each call, so replacing it here sees every request.
 */
export function countRequests(): Map<string, number> {
  const counts = new Map<string, number>();
  const request = http.request;
  const counted = (options: http.RequestOptions, ...rest: unknown[]) => {
    const headers = (options.headers ?? {}) as Record<string, unknown>;
    const target = headers['x-amz-target'] ?? headers['X-Amz-Target'];
    const operation = target ? String(target).replace(/^.*\./, '') : `S3 ${options.method ?? 'GET'}`;
    counts.set(operation, (counts.get(operation) ?? 0) + 1);
    return (request as (...args: unknown[]) => http.ClientRequest)(options, ...rest);
  };
  http.request = counted as typeof http.request;
  return counts;
}
