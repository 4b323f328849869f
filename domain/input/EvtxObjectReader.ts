import type { SourceLocation } from '../event/NormalisedEvent';
import type { RecordParseResult, RejectReason } from '../event/RecordRejection';
import type { EvtxChunkStart, EvtxDamage, EvtxRecord } from '../formats/evtx/EvtxRecord';
import { EvtxStreamReader } from '../formats/evtx/EvtxStreamReader';
import { renderEventXml } from '../formats/evtx/renderEventXml';
import { mapWindowsEventElement } from '../formats/parseWindowsEventXml';
import type { XmlElement } from '../formats/xml/XmlElement';
import type { ObjectReader } from './ObjectReader';
import type { RecordPrefilter } from './Prefilter';
import type { ReadOptions, RecordSink } from './ReadOptions';

/**
 * Reads one .evtx object for a sink, as `ObjectRecordReader` does for text: every record is counted; a
 * record whose event id no rule names is skipped unless it is due for sampling (the first record of the
 * object, then one in `sampleEvery`); the others are expanded into their element tree, mapped as Windows
 * Event XML is, and delivered when the rules' word prefilter admits their XML rendering, which is kept as
 * the record's text (`raw`). Damaged chunks and records are rejected with their byte offset.
 */
export class EvtxObjectReader implements ObjectReader {
  readonly framing = 'evtx';
  readonly encoding = 'binxml-utf-16le';
  /** `.evtx` times are UTC FILETIMEs: there is no zone to mistake. */
  readonly zoneMismatch = undefined;
  stoppedAt: number | undefined;
  readonly counts = { events: 0, candidates: 0, rejected: 0, controlMessages: 0 };
  private readonly reader: EvtxStreamReader;
  private readonly prefilter: RecordPrefilter;
  private readonly ruleEventIds: ReadonlySet<number>;
  /** Records left until the next sample; the first record of an object is always sampled. */
  private untilSample = 1;
  /**
   * What the chunks written after the ring wrapped delivered (they come first in the file, but hold the
   * newest records): handed on after the older chunks, by their first record number. Only candidates and
   * samples are held, so memory stays bounded by what the rules need, not by the file's size.
   */
  private readonly newerChunks: { firstRecordNumber: number; deliveries: (() => void)[] }[] = [];
  private held: (() => void)[] | undefined;

  constructor(
    private readonly object: string,
    private readonly options: ReadOptions,
    private readonly sink: RecordSink,
  ) {
    this.prefilter = options.prefilter;
    this.ruleEventIds = new Set(options.prefilter.needles.map(Number));
    this.reader = new EvtxStreamReader(
      {
        chunk: (start) => this.onChunk(start),
        record: (record) => this.onRecord(record),
        damaged: (damage) => this.onDamage(damage),
      },
      options.resumeAtByte,
    );
  }

  push(bytes: Uint8Array): void {
    this.reader.push(bytes);
  }

  /** Damage cut out of a gzipped `.evtx` is found by the chunk checksums and record signatures. */
  breakRecord(): void {}

  end(): void {
    this.reader.end();
    this.handOnNewerChunks();
  }

  /** Stops between chunks: a resumed read starts again at the first chunk not read whole. */
  stop(): void {
    this.stoppedAt ??= this.reader.readUpTo;
    // A resumed read starts past the newer chunks read so far: what they held cannot wait for it.
    this.handOnNewerChunks();
  }

  private onChunk(start: EvtxChunkStart): void {
    if (!start.wrapped) {
      this.held = undefined;
      return;
    }
    this.held = [];
    this.newerChunks.push({ firstRecordNumber: start.firstRecordNumber, deliveries: this.held });
  }

  private handOnNewerChunks(): void {
    this.held = undefined;
    const chunks = this.newerChunks.splice(0).sort((a, b) => a.firstRecordNumber - b.firstRecordNumber);
    for (const chunk of chunks) for (const deliver of chunk.deliveries) deliver();
  }

  private deliver(delivery: () => void): void {
    if (this.held === undefined) delivery();
    else this.held.push(delivery);
  }

  reject(reason: RejectReason, detail: string, source: SourceLocation, record: string): void {
    this.counts.rejected++;
    this.sink.rejected({ reason, detail, source, record });
  }

  private onRecord(record: EvtxRecord): void {
    const source: SourceLocation = { object: this.object, byteOffset: record.byteOffset };
    this.counts.events++;
    if (record.eventId !== undefined && !this.ruleEventIds.has(record.eventId)) {
      if (this.sampleDue()) {
        const root = this.rootOf(record, source);
        if (root !== undefined)
          this.deliverSample(mapWindowsEventElement(root, source, 'evtx'), root, source);
      }
      return;
    }
    const root = this.rootOf(record, source);
    if (root === undefined) return;
    const result = mapWindowsEventElement(root, source, 'evtx');
    if (result.kind === 'rejected') {
      this.reject(result.reason, result.detail, source, renderEventXml(root));
      return;
    }
    const text = this.ruleEventIds.has(result.event.eventId) ? renderEventXml(root) : undefined;
    if (text === undefined || !this.prefilter.admits(text)) {
      if (this.sampleDue()) this.deliverSample(result, root, source);
      return;
    }
    this.counts.candidates++;
    const event = { ...result.event, raw: text };
    this.deliver(() => this.sink.event(event));
  }

  /** The record's `<Event>`; undefined (and reported) when its BinXML cannot be expanded or holds none. */
  private rootOf(record: EvtxRecord, source: SourceLocation): XmlElement | undefined {
    const elements = record.elements();
    if (elements === undefined) return undefined;
    const [root] = elements;
    if (root === undefined) this.reject('corrupt-evtx-record', 'the record holds no element', source, '');
    return root;
  }

  /** Damaged bytes are binary: the rejection's record text stays empty, the detail says what is wrong. */
  private onDamage(damage: EvtxDamage): void {
    this.reject(damage.reason, damage.detail, { object: this.object, byteOffset: damage.byteOffset }, '');
  }

  private sampleDue(): boolean {
    if ((this.options.sampleEvery ?? 0) <= 0 || this.sink.sampled === undefined) return false;
    if (--this.untilSample > 0) return false;
    this.untilSample = this.options.sampleEvery ?? 1;
    return true;
  }

  private deliverSample(result: RecordParseResult, root: XmlElement, source: SourceLocation): void {
    const { sampled } = this.sink;
    if (result.kind === 'event' && sampled !== undefined) {
      const event = result.event;
      this.deliver(() => sampled(event));
    } else if (result.kind === 'rejected' && this.options.rejectUnreadSamples === true) {
      this.counts.events--;
      this.reject(result.reason, result.detail, source, renderEventXml(root));
    }
  }
}
