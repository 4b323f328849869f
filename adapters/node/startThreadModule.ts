import { dirname, extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * Starts the module `name`, beside `callerFile`, on a worker thread: through tsx when the caller runs
 * from its TypeScript sources (tests, `tsx`), as plain JavaScript when it runs compiled (`dist/`).
 */
export function startThreadModule(callerFile: string, name: string, workerData: unknown): Worker {
  const extension = extname(callerFile);
  const path = join(dirname(callerFile), `${name}${extension}`);
  return extension === '.ts'
    ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(path)});`, { eval: true, workerData })
    : new Worker(path, { workerData });
}
