import type { EventData, FormatName, SourceLocation } from '../event/NormalisedEvent';
import type { RecordParseResult } from '../event/RecordRejection';
import { assembleEvent } from './assembleEvent';
import { createNamedData } from './createNamedData';
import { normaliseEventLevel } from './normaliseEventLevel';
import { rejectRecord } from './rejectRecord';
import { parseXmlElementTree } from './xml/parseXmlElementTree';
import type { XmlElement } from './xml/XmlElement';

/**
 * Maps one Windows event XML record (`<Event>…</Event>`, as rendered by EvtRender, wevtutil, WEF or an agent's
 * XML mode) to a NormalisedEvent. SystemTime is UTC; the event id is masked to its low 16 bits; named `<Data>`
 * go to `data.named`, unnamed ones to `data.positional` in order (empty ones too, so positions hold); `<Binary>`
 * becomes the named value `Binary` (as Winlogbeat names it); UserData's leaf elements become named values.
 */
export function parseWindowsEventXml(record: string, source: SourceLocation): RecordParseResult {
  const parsed = parseXmlElementTree(record);
  if (parsed.kind === 'rejected') {
    return rejectRecord(parsed.reason, parsed.detail);
  }
  return mapWindowsEventElement(parsed.root, source, 'xml');
}

/** Maps an `<Event>` element tree, however it was read (XML text, or BinXML in a .evtx file). */
export function mapWindowsEventElement(
  root: XmlElement,
  source: SourceLocation,
  format: FormatName,
): RecordParseResult {
  if (root.name !== 'Event') {
    return rejectRecord('malformed-xml', `root element is <${root.name}>, expected <Event>`);
  }
  const system = childNamed(root, 'System');
  if (system === undefined) {
    return rejectRecord('missing-field', 'no <System> element (Event/System)');
  }
  const providerElement = childNamed(system, 'Provider');
  const provider =
    providerElement?.attributes.get('Name') ?? providerElement?.attributes.get('EventSourceName');
  const renderingInfo = childNamed(root, 'RenderingInfo');
  const levelText = childNamed(system, 'Level')?.text.trim();
  return assembleEvent(
    {
      format,
      node: { field: 'System/Computer', value: childNamed(system, 'Computer')?.text },
      eventId: { field: 'System/EventID', value: childNamed(system, 'EventID')?.text },
      time: {
        field: 'System/TimeCreated/@SystemTime',
        value: childNamed(system, 'TimeCreated')?.attributes.get('SystemTime'),
      },
      timeZone: 'UTC',
      channel: childNamed(system, 'Channel')?.text,
      provider,
      recordId: childNamed(system, 'EventRecordID')?.text,
      level:
        normaliseEventLevel(levelText === '' ? undefined : levelText) ??
        normaliseEventLevel(
          renderingInfo === undefined ? undefined : childNamed(renderingInfo, 'Level')?.text,
        ),
      message: renderingInfo === undefined ? undefined : childNamed(renderingInfo, 'Message')?.text,
      data: eventDataOf(root),
    },
    source,
  );
}

function eventDataOf(root: XmlElement): EventData {
  const named = createNamedData();
  const positional: string[] = [];
  const eventData = childNamed(root, 'EventData');
  for (const child of eventData?.children ?? []) {
    if (child.name === 'Data') {
      const name = child.attributes.get('Name');
      if (name === undefined || name === '') {
        positional.push(child.text);
      } else if (!Object.hasOwn(named, name)) {
        named[name] = child.text;
      }
    } else if (child.name === 'Binary' && !Object.hasOwn(named, 'Binary')) {
      named.Binary = child.text.trim();
    }
  }
  // UserData holds one provider-defined element (with its own xmlns) whose leaf children are the parameters.
  const userDataRoot = childNamed(root, 'UserData')?.children[0];
  for (const child of userDataRoot?.children ?? []) {
    if (child.children.length === 0 && !Object.hasOwn(named, child.name)) {
      named[child.name] = child.text;
    }
  }
  return { named, positional };
}

function childNamed(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((child) => child.name === name);
}
