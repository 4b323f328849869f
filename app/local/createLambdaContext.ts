import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

export interface LocalFunctionSettings {
  readonly functionName: string;
  /** The function's timeout: `getRemainingTimeInMillis` counts down from it. */
  readonly timeoutMs: number;
  readonly memoryLimitInMB: number;
  readonly region: string;
}

/** A Lambda context for one invocation, with a real deadline `timeoutMs` from now. */
export function createLambdaContext(settings: LocalFunctionSettings): Context {
  const deadline = Date.now() + settings.timeoutMs;
  const requestId = randomUUID();
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: settings.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${settings.region}:000000000000:function:${settings.functionName}`,
    memoryLimitInMB: String(settings.memoryLimitInMB),
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${settings.functionName}`,
    logStreamName: `local/[$LATEST]${requestId.replace(/-/g, '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
