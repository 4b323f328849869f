import type { SourceLocation } from '../event/NormalisedEvent';
import type { RejectReason } from '../event/RecordRejection';
import { parseWindowsEventXml } from '../formats/parseWindowsEventXml';
import { NeedleSet } from './NeedleSet';
import type { RecordOutcomes } from './RecordOutcomes';
import { type RecordView, skipWhitespace } from './RecordView';
import { UNUSUAL_EVENT_ID, XmlRecordScanner } from './XmlRecordScanner';
import { decodeXmlReferences, xmlPrefilterText } from './xmlPrefilterText';

const XML_DECLARATION = '<!';
/** `!`, so declarations inside an event always reach the parser that rejects them. */
const XML_DECLARATION_NEEDLE = '!';

/**
 * Windows Event XML records (framed on `</Event>`, or one per line): which can be counted without a
 * parse, and what becomes of the others. The event id is read where the parser reads it, so a rule's id
 * elsewhere in the text (a message, a record id) costs nothing.
 */
export class XmlRecords {
  private readonly scanner = new XmlRecordScanner();
  private readonly declarations = new NeedleSet([XML_DECLARATION_NEEDLE]);
  private readonly idLists = new Map<number, readonly number[]>();

  constructor(private readonly outcomes: RecordOutcomes) {}

  /** A whole event, alone in its record, whose plainly written id no rule names: nothing to parse. */
  isIrrelevant(data: Buffer, start: number, end: number): boolean {
    const first = skipWhitespace(data, start, end);
    if (
      this.scanner.eventStart(data, first, end) !== first ||
      !this.scanner.endsWithEventClose(data, first, end)
    ) {
      return false;
    }
    const eventId = this.scanner.plainEventId(data, first, end);
    if (eventId === UNUSUAL_EVENT_ID || this.outcomes.ruleIds.has(eventId)) return false;
    return !this.declarations.anyWithin(data, first, end);
  }

  read(record: RecordView): void {
    const { outcomes } = this;
    const { data } = record;
    const start = this.scanner.eventStart(data, record.start, record.end);
    if (start === -1) {
      this.readBetweenEvents(record);
      return;
    }
    const prelude =
      skipWhitespace(data, record.start, start) < start ? data.toString('utf8', record.start, start) : '';
    const located = outcomes.locate(record, record.byteOffset + (start - record.start));
    if (/<!(DOCTYPE|ENTITY)/i.test(prelude)) {
      outcomes.reject(
        'xml-doctype',
        'XML declares a DTD or entities; Windows events never do',
        located,
        data.toString('utf8', record.start, record.end),
      );
      return;
    }
    if (prelude !== '') {
      // Only an event's own beginning, cut off, runs into the next event; anything else is no XML event.
      const fragment = prelude.trimStart().startsWith('<') ? 'truncated-record' : 'malformed-xml';
      this.readBetweenEvents({ ...record, end: start }, fragment);
    }
    if (!this.scanner.endsWithEventClose(data, start, record.end)) {
      const reason: RejectReason = record.unterminated ? 'truncated-record' : 'malformed-xml';
      outcomes.reject(
        reason,
        'XML event has no closing </Event>',
        located,
        data.toString('utf8', start, record.end),
      );
      return;
    }
    const eventId = this.scanner.plainEventId(data, start, record.end);
    if (eventId === UNUSUAL_EVENT_ID) {
      const next = this.scanner.eventStart(data, start + 1, record.end);
      if (next !== -1) {
        this.readAfterCutOff(record, start, next, located);
        return;
      }
    }
    outcomes.counts.events++;
    if (
      eventId !== UNUSUAL_EVENT_ID &&
      !outcomes.ruleIds.has(eventId) &&
      !this.declarations.anyWithin(data, start, record.end)
    ) {
      const check = outcomes.nextCheck();
      if (check !== 'skip') {
        const text = data.toString('utf8', start, record.end);
        outcomes.onChecked(parseWindowsEventXml(text, located), check, located, text);
      }
      return;
    }
    const text = data.toString('utf8', start, record.end);
    if (!text.includes(XML_DECLARATION) && !this.admits(text, eventId)) {
      const check = outcomes.nextCheck();
      if (check !== 'skip') outcomes.onChecked(parseWindowsEventXml(text, located), check, located, text);
      return;
    }
    outcomes.counts.candidates++;
    const result = parseWindowsEventXml(text, located);
    const next = result.kind === 'rejected' ? this.scanner.eventStart(data, start + 1, record.end) : -1;
    if (next === -1) {
      outcomes.deliver(result, located, text);
      return;
    }
    outcomes.counts.candidates--;
    outcomes.counts.events--;
    this.readAfterCutOff(record, start, next, located);
  }

  /**
   * Whether the prefilter admits a record. A plainly written id is the record's only one (`plainEventId`
   * says so), so only that id's matchers are tried, on the text with its references decoded.
   */
  private admits(text: string, eventId: number): boolean {
    const { prefilter, ruleIds } = this.outcomes;
    if (!ruleIds.has(eventId)) return prefilter.admits(xmlPrefilterText(text));
    let ids = this.idLists.get(eventId);
    if (ids === undefined) {
      ids = [eventId];
      this.idLists.set(eventId, ids);
    }
    return prefilter.admits(decodeXmlReferences(text), ids);
  }

  /** An event cut off inside the object runs into the next one: reports the cut-off part, reads the rest. */
  private readAfterCutOff(record: RecordView, start: number, next: number, located: SourceLocation): void {
    this.outcomes.reject(
      'truncated-record',
      'XML event cut off before its </Event>',
      located,
      record.data.toString('utf8', start, next),
    );
    this.read({ ...record, start: next, byteOffset: record.byteOffset + (next - record.start) });
  }

  /**
   * Text between events: wrappers and declarations are fine, anything else is reported (as
   * `truncated-record` when it is the cut-off rest of an event, as the caller knows).
   */
  private readBetweenEvents(record: RecordView, fragment?: RejectReason): void {
    const text = record.data.toString('utf8', record.start, record.end);
    const rest = text
      .replace(/<\?xml[^>]*\?>/g, '')
      .replace(/<!--[\s\S]*?-->/g, '')
      .replace(/<\/?(?:[\w.-]+:)?Events\b[^>]*>/g, '')
      .trim();
    if (rest === '') return;
    const reason: RejectReason = /<!(DOCTYPE|ENTITY)/i.test(rest)
      ? 'xml-doctype'
      : (fragment ?? (record.unterminated ? 'truncated-record' : 'malformed-xml'));
    this.outcomes.reject(reason, 'text outside any <Event> element', this.outcomes.locate(record), text);
  }
}
