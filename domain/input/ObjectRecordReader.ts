import type { FormatName, SourceLocation } from '../event/NormalisedEvent';
import type { RecordParseResult, RejectReason } from '../event/RecordRejection';
import {
  detectJsonRecordFormat,
  jsonShapeOf,
  mapJsonRecord,
  unknownShape,
} from '../formats/detectJsonRecordFormat';
import { isJsonObject } from '../formats/json/isJsonObject';
import { JSON_SHAPES } from '../formats/jsonShapes';
import type { ZoneMismatch } from '../formats/ZoneMismatch';
import { DelimitedFramer } from './DelimitedFramer';
import { gluedJsonObjects } from './gluedJsonObjects';
import { JsonValueFramer } from './JsonValueFramer';
import { NeedleSet } from './NeedleSet';
import type { RecordPrefilter } from './Prefilter';
import type { ReadOptions, RecordSink } from './ReadOptions';
import { OVERLONG, type RecordFramer, UNTERMINATED } from './RecordFramer';
import type { Check, RecordOutcomes } from './RecordOutcomes';
import { type RecordView, skipByteOrderMark, skipWhitespace, trimEnd } from './RecordView';
import {
  CLOUDWATCH_ENVELOPE_FIELD,
  isCloudWatchEnvelope,
  readCloudWatchEnvelope,
} from './readCloudWatchEnvelope';
import { type Framing, sniffFraming } from './sniffFraming';
import { XmlRecords } from './XmlRecords';

const SNIFF_BYTES = 64 * 1024;
const SYSLOG_PRI = /^<\d{1,3}>/;
const LEFT_BRACE = 0x7b;
const RIGHT_BRACE = 0x7d;
const LEFT_ANGLE = 0x3c;
const LEFT_BRACKET = 0x5b;
/** The first records of every object are parsed to check their shape and zone, whatever the rules need. */
export const SHAPE_CHECK_HEAD = 100;
/** After the head, one record in this many is checked (the heartbeat sample's rate when sampling is on). */
export const SHAPE_CHECK_EVERY = 1000;

const LINE_FEED = 0x0a;
/** How much of the line after a long first line is enough to see whether it begins a record. */
const NEXT_LINE_BYTES = 1024;

/**
 * Turns one object's decoded bytes into events for a sink: sniffs the framing, frames records, counts
 * and skips those no rule needs, parses the rest, samples, and reports what it cannot use.
 */
/** The shapes that can be told from a record's text alone, for the shape checks that need no parse. */
const TEXT_RECOGNISERS = JSON_SHAPES.flatMap((shape) => (shape.recogniseText ? [shape.recogniseText] : []));

export class ObjectRecordReader {
  framing: Framing | undefined;
  stoppedAt: number | undefined;
  private stopping = false;
  /** Records left until the next sample; the first record of an object is always sampled. */
  private untilSample = 1;
  private headChecksLeft = SHAPE_CHECK_HEAD;
  /**
   * Whether this object's JSON records write their event id as the plain 16-bit decimal the needles look for.
   * Learnt from every record parsed (the head, the shape checks, the candidates): once one writes it otherwise
   * (a 32-bit id with qualifiers, signed, hex), each JSON record of the object is parsed for its id.
   */
  private idsWrittenPlainly = true;
  private readonly wholeIdPatterns = new Map<number, RegExp>();
  private readonly ruleIds: ReadonlySet<number>;
  /** The first record whose zone-less time disagreed with an absolute time it carries. */
  zoneMismatch: ZoneMismatch | undefined;
  /** Offset just past the last record handled. */
  private nextOffset = 0;
  readonly counts = { events: 0, candidates: 0, rejected: 0, controlMessages: 0 };
  private framer: RecordFramer | undefined;
  private head: Buffer[] = [];
  private headLength = 0;
  private readonly needles: NeedleSet;
  private readonly prefilter: RecordPrefilter;
  private readonly outcomes: RecordOutcomes;
  private readonly xml: XmlRecords;

  constructor(
    private readonly object: string,
    private readonly options: ReadOptions,
    private readonly sink: RecordSink,
  ) {
    this.prefilter = options.prefilter;
    this.ruleIds = new Set(options.prefilter.needles.map(Number));
    this.needles = new NeedleSet(options.prefilter.needles);
    this.outcomes = {
      counts: this.counts,
      prefilter: this.prefilter,
      ruleIds: this.ruleIds,
      timeZone: options.timeZone,
      locate: (record, byteOffset) => this.locate(record, byteOffset),
      nextCheck: () => this.nextCheck(),
      onChecked: (result, check, source, raw) => this.onChecked(result, check, source, raw),
      deliver: (result, source, raw) => this.deliver(result, source, raw),
      reject: (reason, detail, source, record) => this.reject(reason, detail, source, record),
    };
    this.xml = new XmlRecords(this.outcomes);
  }

  /** Stops at the next record boundary; records after it are left for a resumed read. */
  stop(): void {
    this.stopping = true;
    this.framer?.end(this.onRecord);
    this.stoppedAt ??= this.nextOffset;
  }

  push(chunk: Buffer): void {
    if (this.framer) {
      this.framer.push(chunk, this.onRecord);
      return;
    }
    this.head.push(chunk);
    this.headLength += chunk.length;
    if (this.headLength >= SNIFF_BYTES && !this.firstLineUnfinished()) this.startFraming();
  }

  end(): void {
    if (!this.framer && this.headLength > 0) this.startFraming();
    this.framer?.end(this.onRecord);
  }

  /** The decoded bytes stopped short here (damage) and go on: the record held so far ends at this point. */
  breakRecord(): void {
    this.end();
  }

  reject(reason: RejectReason, detail: string, source: SourceLocation, record: string): void {
    this.counts.rejected++;
    this.sink.rejected({ reason, detail, source, record });
  }

  private startFraming(): void {
    const head = Buffer.concat(this.head);
    this.head = [];
    const newline = head.indexOf(LINE_FEED);
    const sniffed = Math.min(head.length, Math.max(newline, 0) + SNIFF_BYTES);
    const framing = this.chooseFraming(head.toString('utf8', 0, sniffed));
    if (!framing) return;
    this.framing = framing;
    this.framer = this.framerFor(framing);
    this.framer.push(head, this.onRecord);
  }

  /**
   * A head that begins a JSON object on a line longer than the sniffed bytes (large PowerShell 4104
   * records make 64 KB lines ordinary) is kept until the line ends, up to the record cap: the framing
   * depends on how that line ends and what follows it.
   */
  private firstLineUnfinished(): boolean {
    if (this.headLength > this.options.maxRecordBytes + SNIFF_BYTES) return false;
    const first = this.head[0];
    if (first === undefined || first[skipWhitespace(first, 0, first.length)] !== LEFT_BRACE) return false;
    let seen = 0;
    for (const chunk of this.head) {
      const newline = chunk.indexOf(LINE_FEED);
      if (newline !== -1) return this.headLength - (seen + newline) < NEXT_LINE_BYTES;
      seen += chunk.length;
    }
    return true;
  }

  private chooseFraming(head: string): Framing | undefined {
    switch (this.options.format) {
      case 'auto':
        return sniffFraming(head);
      case 'xml':
        return 'xml-events';
      case 'cwl':
        return 'json-values';
      case 'powershell':
      case 'evtx-json':
        // ConvertTo-Json and evtx_dump write pretty-printed JSON by default.
        return sniffFraming(head);
      default:
        return sniffFraming(head) === 'json-values' ? 'json-values' : 'lines';
    }
  }

  private framerFor(framing: Framing): RecordFramer {
    if (framing === 'xml-events') {
      return new DelimitedFramer('xml-event', this.options.maxRecordBytes);
    }
    if (framing === 'json-values') return new JsonValueFramer(this.options.maxRecordBytes);
    return new DelimitedFramer('line', this.options.maxRecordBytes);
  }

  private readonly onRecord = (
    data: Buffer,
    start: number,
    end: number,
    byteOffset: number,
    line: number,
    flags: number,
  ): void => {
    if (this.stopping) {
      // The record the framer still held when the read stopped: resume from its start.
      this.stoppedAt ??= byteOffset;
      return;
    }
    this.nextOffset = byteOffset + (end - start);
    if (byteOffset < (this.options.resumeAtByte ?? 0)) return;
    if (flags === 0 && this.framing === 'lines' && this.isIrrelevantJsonLine(data, start, end)) return;
    if (flags === 0 && this.framing === 'xml-events' && this.isIrrelevantXmlEvent(data, start, end)) return;
    const record: RecordView = {
      data,
      start,
      end,
      byteOffset,
      line,
      unterminated: (flags & UNTERMINATED) !== 0,
    };
    if ((flags & OVERLONG) !== 0) {
      this.reject(
        'record-too-long',
        `record is longer than the cap of ${this.options.maxRecordBytes} bytes; kept: its first bytes`,
        this.locate(record),
        data.toString('utf8', start, end),
      );
      return;
    }
    switch (this.framing) {
      case 'xml-events':
        this.xml.read(record);
        return;
      case 'json-values':
        this.onJsonValue(record);
        return;
      default:
        this.onLine(record);
    }
  };

  /**
   * The hot path, taken by almost every line of an NDJSON object: a complete JSON object without any
   * rule's event id is counted here, without allocating anything for it (lines due for sampling and
   * everything else take the full path).
   */
  private isIrrelevantJsonLine(data: Buffer, start: number, end: number): boolean {
    const first = skipWhitespace(data, start, end);
    const last = trimEnd(data, first, end);
    if (data[first] !== LEFT_BRACE || data[last - 1] !== RIGHT_BRACE || !this.idsWrittenPlainly) return false;
    if (this.needles.anyWithin(data, first, last)) return false;
    if (this.headChecksLeft > 0 || this.untilSample <= 1) return false;
    this.untilSample--;
    this.counts.events++;
    return true;
  }

  /** The XML twin of `isIrrelevantJsonLine`: a whole event whose plainly written id no rule names. */
  private isIrrelevantXmlEvent(data: Buffer, start: number, end: number): boolean {
    if (!this.xml.isIrrelevant(data, start, end)) return false;
    if (this.headChecksLeft > 0 || this.untilSample <= 1) return false;
    this.untilSample--;
    this.counts.events++;
    return true;
  }

  private locate(record: RecordView, byteOffset = record.byteOffset): SourceLocation {
    return record.line > 0
      ? { object: this.object, line: record.line, byteOffset }
      : { object: this.object, byteOffset };
  }

  /** One line of a line-framed object: JSON (maybe behind a syslog prefix), one XML event, or unusable. */
  private onLine(record: RecordView): void {
    const { data } = record;
    const start = skipWhitespace(data, skipByteOrderMark(data, record.start, record.end), record.end);
    const end = trimEnd(data, start, record.end);
    if (start >= end) return;
    const first = data[start];
    if (first === LEFT_BRACE) {
      this.onJsonLine(record, start, end, start);
    } else if (first === LEFT_ANGLE) {
      const brace = data.indexOf(LEFT_BRACE, start);
      if (
        brace !== -1 &&
        brace < end &&
        SYSLOG_PRI.test(data.toString('latin1', start, Math.min(start + 6, end)))
      ) {
        this.onJsonLine(record, start, end, brace);
      } else {
        this.xml.read({ ...record, start, end });
      }
    } else if (first === LEFT_BRACKET) {
      this.onUnsupportedLine(
        record,
        'missing-field',
        'CloudWatch agent text outside its CloudWatch Logs envelope carries no event time',
      );
    } else {
      this.onUnsupportedLine(record, 'unknown-format', 'not a recognised Windows event format');
    }
  }

  private onJsonLine(record: RecordView, start: number, end: number, jsonStart: number): void {
    const { data } = record;
    const wellFramed = data[end - 1] === RIGHT_BRACE;
    if (wellFramed && this.idsWrittenPlainly && !this.needles.anyWithin(data, start, end)) {
      this.counts.events++;
      const check = this.nextCheck();
      if (check !== 'skip') this.checkJson(data.toString('utf8', jsonStart, end), record, jsonStart, check);
      return;
    }
    const text = data.toString('utf8', jsonStart, end);
    if (
      wellFramed &&
      this.idsWrittenPlainly &&
      !text.includes(CLOUDWATCH_ENVELOPE_FIELD) &&
      !this.prefilter.admits(text, this.needles.numbersWithin(data, start, end))
    ) {
      this.counts.events++;
      // It holds a rule's event id: a shipper whose shape we cannot read must not hide the next real match.
      // Its shape is all that needs checking (mapping it is for samples and zone checks).
      const check = this.nextCheck();
      if (check === 'skip') this.checkJsonShape(text, record, jsonStart);
      else this.checkJson(text, record, jsonStart, check);
      return;
    }
    this.parseJsonText(text, record, jsonStart);
  }

  /**
   * One framed JSON value: an object takes the NDJSON line's path (prefilter first, parse the few that
   * can matter), except CloudWatch envelopes, whose log events are each counted and checked.
   */
  private onJsonValue(record: RecordView): void {
    const { data } = record;
    const start = skipWhitespace(data, record.start, record.end);
    const end = trimEnd(data, start, record.end);
    if (start >= end) return;
    const envelope = data.subarray(start, end).includes(CLOUDWATCH_ENVELOPE_FIELD);
    if (!record.unterminated && !envelope && data[start] === LEFT_BRACE && data[end - 1] === RIGHT_BRACE) {
      this.onJsonLine(record, start, end, start);
      return;
    }
    this.parseJsonText(data.toString('utf8', start, end), record, start);
  }

  /** `text` is the record's JSON, decoded from `record.data` at `textStart`. */
  private parseJsonText(text: string, record: RecordView, textStart: number): void {
    const source = this.locate(record);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      if (this.framing === 'lines' && this.readGluedLine(text, record, textStart)) return;
      const reason: RejectReason = record.unterminated ? 'truncated-record' : 'malformed-json';
      this.reject(reason, `JSON: ${(error as Error).message}`, source, text);
      return;
    }
    if (!isJsonObject(value)) {
      this.reject('malformed-json', 'JSON value is not an object', source, text);
      return;
    }
    if (isCloudWatchEnvelope(value)) {
      readCloudWatchEnvelope(this.outcomes, value, source, text);
      return;
    }
    this.counts.events++;
    if (!this.prefilter.admits(text)) {
      const check = this.nextCheck();
      if (
        check !== 'skip' ||
        !this.idsWrittenPlainly ||
        // Parsed anyway: detection costs a few field lookups, so every such record gets it.
        (this.forcedJsonFormat() === undefined && detectJsonRecordFormat(value) === undefined)
      ) {
        const options = { timeZone: this.options.timeZone };
        const result = mapJsonRecord(value, source, options, this.forcedJsonFormat());
        this.onCheckedJson(result, check, source, text);
      }
      return;
    }
    this.counts.candidates++;
    const result = mapJsonRecord(value, source, { timeZone: this.options.timeZone }, this.forcedJsonFormat());
    if (result.kind === 'event') this.readsUnwrittenRuleId(result.event.eventId, text);
    this.deliver(result, source, text);
  }

  /**
   * A line that is no JSON value may hold several records (see `gluedJsonObjects`): each whole one is read
   * as a record of its own, at its own byte offset, and a part cut off by the next one is reported. False
   * when the line is one bad record.
   */
  private readGluedLine(text: string, record: RecordView, textStart: number): boolean {
    const parts = gluedJsonObjects(text);
    if (parts === undefined) return false;
    let byteStart = textStart;
    let charStart = 0;
    for (const part of parts) {
      byteStart += Buffer.byteLength(text.slice(charStart, part.start), 'utf8');
      charStart = part.start;
      const partText = text.slice(part.start, part.end);
      const view = {
        ...record,
        start: byteStart,
        byteOffset: record.byteOffset + (byteStart - record.start),
      };
      if (part.cutOff)
        this.reject(
          'truncated-record',
          'JSON record cut off and run into the next one',
          this.locate(view),
          partText,
        );
      else this.parseJsonText(partText, view, byteStart);
    }
    return true;
  }

  /** A parsed JSON record no prefilter admitted: a candidate after all when its id is written unusually. */
  private onCheckedJson(result: RecordParseResult, check: Check, source: SourceLocation, text: string): void {
    if (result.kind === 'event' && this.readsUnwrittenRuleId(result.event.eventId, text)) {
      this.counts.candidates++;
      this.deliver(result, source, text);
      return;
    }
    this.onChecked(result, check, source, text);
  }

  /**
   * Whether a record the parser read as `eventId` writes that id other than as a whole decimal number (so no
   * needle could see it) and would be admitted with it; such a record also ends the object's plain-id fast path.
   */
  private readsUnwrittenRuleId(eventId: number, text: string): boolean {
    let pattern = this.wholeIdPatterns.get(eventId);
    if (pattern === undefined) {
      pattern = new RegExp(`(?<![0-9])0*${eventId}(?![0-9])`);
      this.wholeIdPatterns.set(eventId, pattern);
    }
    if (pattern.test(text)) return false;
    this.idsWrittenPlainly = false;
    return this.ruleIds.has(eventId) && this.prefilter.admits(`${text} ${eventId}`);
  }

  private forcedJsonFormat(): FormatName | undefined {
    const format = this.options.format;
    return format === 'auto' || format === 'xml' || format === 'cwl' ? undefined : format;
  }

  private onUnsupportedLine(record: RecordView, reason: RejectReason, detail: string): void {
    const text = record.data.toString('utf8', record.start, record.end);
    if (text.trim() !== '') this.reject(reason, detail, this.locate(record), text);
  }

  private samplingOn(): boolean {
    return (this.options.sampleEvery ?? 0) > 0 && this.sink.sampled !== undefined;
  }

  /**
   * Whether a record no rule needs is parsed: the object's first records and one in `sampleEvery` (or
   * SHAPE_CHECK_EVERY) after, so a shipper whose records we cannot read shows up instead of looking healthy.
   */
  private nextCheck(): Check {
    const due = --this.untilSample <= 0;
    if (due)
      this.untilSample =
        (this.options.sampleEvery ?? 0) > 0 ? (this.options.sampleEvery ?? 1) : SHAPE_CHECK_EVERY;
    const head = this.headChecksLeft > 0;
    if (head) this.headChecksLeft--;
    if (due && this.samplingOn()) return 'sample';
    return due || head ? 'shape' : 'skip';
  }

  private checkJson(text: string, record: RecordView, textStart: number, check: Check): void {
    const value = this.parseChecked(text, record, textStart);
    if (value === undefined) return;
    const source = this.locate(record);
    const options = { timeZone: this.options.timeZone };
    this.onCheckedJson(mapJsonRecord(value, source, options, this.forcedJsonFormat()), check, source, text);
  }

  private checkJsonShape(text: string, record: RecordView, textStart: number): void {
    // Most such records are other events with the same id (7036 of other services): a shape known from
    // its text needs no parse.
    if (this.forcedJsonFormat() === undefined && TEXT_RECOGNISERS.some((recognise) => recognise(text)))
      return;
    const value = this.parseChecked(text, record, textStart);
    if (value === undefined || jsonShapeOf(value, this.forcedJsonFormat()) !== undefined) return;
    this.onChecked(unknownShape(value), 'shape', this.locate(record), text);
  }

  /** A checked line as an object; a line that is no JSON is rejected (and not counted as an event). */
  /** A record already counted as an event, parsed to be checked; undefined when it is no JSON object. */
  private parseChecked(
    text: string,
    record: RecordView,
    textStart: number,
  ): Record<string, unknown> | undefined {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      this.counts.events--;
      if (this.framing === 'lines' && this.readGluedLine(text, record, textStart)) return undefined;
      this.reject('malformed-json', `JSON: ${(error as Error).message}`, this.locate(record), text);
      return undefined;
    }
    return isJsonObject(value) ? value : undefined;
  }

  /** A checked record is a known event (noted, maybe sampled) or, when of no known shape, a rejection, not an event. */
  private onChecked(result: RecordParseResult, check: Check, source: SourceLocation, raw: string): void {
    if (result.kind === 'event') {
      this.noteZone(result);
      if (check === 'sample') this.sink.sampled?.(result.event);
    } else if (result.reason === 'unknown-shape' || this.options.rejectUnreadSamples === true) {
      this.counts.events--;
      this.reject(result.reason, result.detail, source, raw);
    }
  }

  private noteZone(result: Extract<RecordParseResult, { kind: 'event' }>): void {
    if (result.zoneMismatch !== undefined) this.zoneMismatch ??= result.zoneMismatch;
  }

  private deliver(result: RecordParseResult, source: SourceLocation, raw: string): void {
    if (result.kind === 'event') {
      this.noteZone(result);
      this.sink.event({ ...result.event, raw });
    } else {
      this.counts.events--;
      this.reject(result.reason, result.detail, source, raw);
    }
  }
}
