import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';

/** The floor: the same file decompressed by Node's zlib into nothing, no parsing. */
async function main(file: string): Promise<void> {
  let bytes = 0;
  const inflater = createReadStream(file, { highWaterMark: 256 * 1024 }).pipe(
    createGunzip({ chunkSize: 256 * 1024 }),
  );
  for await (const chunk of inflater) bytes += (chunk as Buffer).length;
  process.stdout.write(`${bytes}\n`);
}

void main(process.argv[2] ?? '');
