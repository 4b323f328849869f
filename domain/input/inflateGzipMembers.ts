import type { RawInflater } from './RawInflater';

/** What went wrong in the compressed bytes; what came before and after it is still delivered. */
export interface GzipDamageSink {
  damaged(reason: 'corrupt-compression' | 'trailing-garbage', detail: string): void;
}

const ID1 = 0x1f;
const ID2 = 0x8b;
const DEFLATE = 0x08;
const MEMBER_MAGIC = Buffer.from([ID1, ID2, DEFLATE]);
const FHCRC = 0x02;
const FEXTRA = 0x04;
const FNAME = 0x08;
const FCOMMENT = 0x10;
const RESERVED_FLAGS = 0xe0;
const FIXED_HEADER_BYTES = 10;
const TRAILER_BYTES = 8;
/** Output of such a second pass is bounded too: a body that inflates to more is not re-read. */
const MAX_RECOVERED_OUTPUT_BYTES = 64 * 1024 * 1024;
/** File names and comments in headers are short; a longer one means the header is not one. */
const MAX_HEADER_BYTES = 64 * 1024;

/**
 * Inflates every gzip member of a stream, as `gzip -d` does, but loses nothing it can keep: headers and
 * trailers are read here and only the deflate bodies go to the inflater, so a damaged member costs
 * that member from the damage on (reading resumes at the next member header), and bytes after the
 * last member are reported once instead of failing the object.
 */
export async function* inflateGzipMembers(
  source: AsyncIterable<Uint8Array>,
  inflater: RawInflater,
  damage: GzipDamageSink,
): AsyncGenerator<Buffer> {
  const input = new CompressedInput(source[Symbol.asyncIterator]());
  let member = 0;
  let resyncing = false;
  try {
    for (;;) {
      const head = await input.fill(FIXED_HEADER_BYTES);
      if (head.length === 0) return;
      const headerBytes = isMemberStart(head, 0) ? await input.headerLength() : undefined;
      if (headerBytes === undefined) {
        const skipped = await input.skipToNextMember();
        // The rest of a damaged member is part of that damage, already reported.
        const reported = resyncing;
        resyncing = false;
        if (!skipped.found) {
          if (!skipped.zeros && !reported) {
            damage.damaged(
              'trailing-garbage',
              `${skipped.bytes} bytes after the last gzip member are not gzip`,
            );
          }
          return;
        }
        if (!reported) {
          damage.damaged(
            'corrupt-compression',
            `gzip: ${skipped.bytes} bytes that are not a gzip member were skipped`,
          );
        }
        continue;
      }
      resyncing = false;
      member++;
      input.skip(headerBytes);
      const body = yield* inflateBody(input, inflater);
      if (body.kind === 'error') {
        damage.damaged('corrupt-compression', `gzip member ${member}: ${body.message}`);
        resyncing = true;
        continue;
      }
      const trailer = await input.fill(TRAILER_BYTES);
      if (trailer.length < TRAILER_BYTES) {
        damage.damaged('corrupt-compression', `gzip member ${member}: trailer cut off`);
        input.skip(trailer.length);
        continue;
      }
      if (
        trailer.readUInt32LE(0) !== body.crc >>> 0 ||
        trailer.readUInt32LE(4) !== body.outputBytes % 2 ** 32
      ) {
        damage.damaged('corrupt-compression', `gzip member ${member}: data does not match its checksum`);
      }
      input.skip(TRAILER_BYTES);
    }
  } finally {
    await inflater.close();
    await input.close();
  }
}

type BodyEnd =
  | { readonly kind: 'end'; readonly outputBytes: number; readonly crc: number }
  | { readonly kind: 'error'; readonly message: string };

/** One deflate body: fed from `input` until the inflater says it is complete; unused bytes go back. */
async function* inflateBody(input: CompressedInput, inflater: RawInflater): AsyncGenerator<Buffer, BodyEnd> {
  inflater.begin();
  let stopped = false;
  const feeding = (async () => {
    for (;;) {
      const chunk = await input.take();
      if (chunk === undefined) {
        if (!stopped) inflater.finish();
        return;
      }
      if (stopped) {
        input.unshift(chunk);
        return;
      }
      await inflater.write(chunk);
      if (stopped) return;
    }
  })();
  let outputBytes = 0;
  try {
    for (;;) {
      const step = await inflater.read();
      if (step.kind === 'data') {
        outputBytes += step.chunk.length;
        yield step.chunk;
        continue;
      }
      stopped = true;
      await feeding;
      const leftover = await inflater.leftover();
      if (step.kind === 'error' && leftover.fromStart) {
        const rest = outputBeforeDamage(inflater, Buffer.concat(leftover.bytes), outputBytes);
        if (rest.length > 0) yield rest;
      }
      // After a damage, the next member can only begin after what the inflater had used before it.
      input.unshiftAll(leftover.bytes);
      return step.kind === 'end'
        ? { kind: 'end', outputBytes, crc: step.crc }
        : { kind: 'error', message: step.message };
    }
  } finally {
    stopped = true;
  }
}

/**
 * Everything a damaged body inflates to before its damage, past the `delivered` bytes already read: the
 * longest prefix that inflates without an error is found by halving (a shorter prefix of a clean one is
 * clean too).
 */
function outputBeforeDamage(inflater: RawInflater, body: Buffer, delivered: number): Buffer {
  const inflatePrefix = (length: number): Buffer | undefined =>
    inflater.inflatePrefix(body.subarray(0, length), MAX_RECOVERED_OUTPUT_BYTES);
  let clean = 0;
  let damaged = body.length + 1;
  while (damaged - clean > 1) {
    const middle = Math.floor((clean + damaged) / 2);
    if (inflatePrefix(middle) === undefined) damaged = middle;
    else clean = middle;
  }
  const output = inflatePrefix(clean);
  return output === undefined || output.length <= delivered ? Buffer.alloc(0) : output.subarray(delivered);
}

/** The compressed stream, with bytes that were read ahead put back in front. */
class CompressedInput {
  private chunks: Buffer[] = [];
  private length = 0;
  private ended = false;

  constructor(private readonly source: AsyncIterator<Uint8Array>) {}

  /** Buffers at least `bytes` bytes (fewer at the end) and returns all buffered bytes as one buffer. */
  async fill(bytes: number): Promise<Buffer> {
    while (this.length < bytes && !this.ended) {
      const next = await this.source.next();
      if (next.done) this.ended = true;
      else this.append(asBuffer(next.value));
    }
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0] ?? Buffer.alloc(0);
  }

  /** The next bytes, buffered ones first; undefined at the end of the stream. */
  async take(): Promise<Buffer | undefined> {
    const first = this.chunks.shift();
    if (first !== undefined) {
      this.length -= first.length;
      return first;
    }
    if (this.ended) return undefined;
    const next = await this.source.next();
    if (next.done) {
      this.ended = true;
      return undefined;
    }
    return asBuffer(next.value);
  }

  unshift(chunk: Buffer): void {
    this.chunks.unshift(chunk);
    this.length += chunk.length;
  }

  unshiftAll(chunks: Buffer[]): void {
    for (let i = chunks.length - 1; i >= 0; i--) this.unshift(chunks[i] as Buffer);
  }

  skip(bytes: number): void {
    let left = bytes;
    while (left > 0) {
      const first = this.chunks[0];
      if (first === undefined) return;
      if (first.length <= left) {
        this.chunks.shift();
        this.length -= first.length;
        left -= first.length;
      } else {
        this.chunks[0] = first.subarray(left);
        this.length -= left;
        left = 0;
      }
    }
  }

  /** Length of the member header at the front, or undefined when it is not a well-formed one. */
  async headerLength(): Promise<number | undefined> {
    let head = await this.fill(FIXED_HEADER_BYTES);
    if (head.length < FIXED_HEADER_BYTES) return undefined;
    const flags = head[3] ?? 0;
    let at = FIXED_HEADER_BYTES;
    if ((flags & FEXTRA) !== 0) {
      head = await this.fill(at + 2);
      if (head.length < at + 2) return undefined;
      at += 2 + head.readUInt16LE(at);
    }
    for (const field of [FNAME, FCOMMENT]) {
      if ((flags & field) === 0) continue;
      for (;;) {
        const zero = head.indexOf(0, at);
        if (zero !== -1) {
          at = zero + 1;
          break;
        }
        if (head.length >= MAX_HEADER_BYTES || this.ended) return undefined;
        head = await this.fill(head.length + 4096);
      }
    }
    if ((flags & FHCRC) !== 0) at += 2;
    head = await this.fill(at);
    return head.length >= at && at <= MAX_HEADER_BYTES ? at : undefined;
  }

  /** Skips to the next member header, reporting what was skipped. */
  async skipToNextMember(): Promise<{ found: boolean; bytes: number; zeros: boolean }> {
    let bytes = 0;
    let zeros = true;
    // The damaged spot itself is never taken for the next header.
    let from = 1;
    for (;;) {
      const buffered = await this.fill(Math.max(this.length, MEMBER_MAGIC.length) + 1);
      for (
        let at = buffered.indexOf(MEMBER_MAGIC, from);
        at !== -1;
        at = buffered.indexOf(MEMBER_MAGIC, at + 1)
      ) {
        if (at + FIXED_HEADER_BYTES > buffered.length && !this.ended) break;
        if (isMemberStart(buffered, at)) {
          zeros &&= isAllZero(buffered, 0, at);
          this.skip(at);
          return { found: true, bytes: bytes + at, zeros };
        }
      }
      if (this.ended) {
        zeros &&= isAllZero(buffered, 0, buffered.length);
        this.skip(buffered.length);
        return { found: false, bytes: bytes + buffered.length, zeros };
      }
      // Keep the bytes that could begin a header split across reads.
      const keep = Math.min(buffered.length, FIXED_HEADER_BYTES);
      zeros &&= isAllZero(buffered, 0, buffered.length - keep);
      bytes += buffered.length - keep;
      this.skip(buffered.length - keep);
      from = 0;
    }
  }

  async close(): Promise<void> {
    this.chunks = [];
    if (!this.ended) await this.source.return?.();
  }

  private append(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
  }
}

/** A member header as gzip writes it: magic, deflate, no reserved flags, a known extra-flags value. */
function isMemberStart(data: Buffer, at: number): boolean {
  if (data[at] !== ID1 || data[at + 1] !== ID2 || data[at + 2] !== DEFLATE) return false;
  const flags = data[at + 3];
  if (flags !== undefined && (flags & RESERVED_FLAGS) !== 0) return false;
  const extraFlags = data[at + 8];
  return extraFlags === undefined || extraFlags === 0 || extraFlags === 2 || extraFlags === 4;
}

function isAllZero(data: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (data[i] !== 0) return false;
  return true;
}

function asBuffer(chunk: Uint8Array): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}
