import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';

/** The floor: the files decompressed by Node's zlib into nothing, one after the other, no parsing. */
async function main(files: readonly string[]): Promise<void> {
  let bytes = 0;
  for (const file of files) {
    const inflater = createReadStream(file, { highWaterMark: 256 * 1024 }).pipe(
      createGunzip({ chunkSize: 256 * 1024 }),
    );
    for await (const chunk of inflater) bytes += (chunk as Buffer).length;
  }
  process.stdout.write(`${bytes}\n`);
}

void main(process.argv.slice(2));
