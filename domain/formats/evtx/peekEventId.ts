import { readEventId } from '../readEventId';
import type { BinXmlChunk } from './BinXmlChunk';
import type { BinXmlNode, ElementNode } from './BinXmlNode';
import { ARRAY_FLAG as ARRAY, ValueType as ValueTypes } from './BinXmlValueType';
import { renderBinXmlValue } from './renderBinXmlValue';

/** Read once: under tsx's CommonJS output (the CLI) every read of an imported binding is a getter call. */
const ValueType = ValueTypes;
const ARRAY_FLAG = ARRAY;

/** Where a template keeps `Event/System/EventID`'s content: literal text, or a substitution's index. */
type EventIdPlace = { readonly text: string } | { readonly index: number } | 'elsewhere';

const places = new WeakMap<readonly BinXmlNode[], EventIdPlace>();

/**
 * A record's event id (low 16 bits), read from its template instance's value without expanding the
 * template: the cheap test that lets records no rule names be counted and skipped, as the text formats'
 * prefilter does. Undefined when the record has another shape, or the id is not where templates put it.
 */
export function peekEventId(chunk: BinXmlChunk, nodes: readonly BinXmlNode[]): number | undefined {
  const [node] = nodes;
  if (node === undefined || nodes.length !== 1 || node.kind === 'text' || node.kind === 'substitution') {
    return undefined;
  }
  const template = node.kind === 'instance' ? node.template : nodes;
  let place = places.get(template);
  if (place === undefined) {
    place = eventIdPlace(template);
    places.set(template, place);
  }
  if (place === 'elsewhere') return undefined;
  if ('text' in place) return idOf(place.text);
  const value = node.kind === 'instance' ? node.values[place.index] : undefined;
  if (value === undefined || value.type === ValueType.BinXml || (value.type & ARRAY_FLAG) !== 0)
    return undefined;
  try {
    return idOf(renderBinXmlValue(chunk, value.type, value.start, value.size));
  } catch {
    return undefined;
  }
}

function eventIdPlace(template: readonly BinXmlNode[]): EventIdPlace {
  const eventId = childElement(
    childElement(childElement(template, 'Event')?.children, 'System')?.children,
    'EventID',
  );
  const [content] = eventId?.children ?? [];
  if (eventId === undefined || content === undefined || eventId.children.length !== 1) return 'elsewhere';
  if (content.kind === 'text') return { text: content.text };
  return content.kind === 'substitution' ? { index: content.index } : 'elsewhere';
}

function childElement(nodes: readonly BinXmlNode[] | undefined, name: string): ElementNode | undefined {
  for (const node of nodes ?? []) if (node.kind === 'element' && node.name === name) return node;
  return undefined;
}

function idOf(text: string): number | undefined {
  const reading = readEventId(text);
  return reading.kind === 'id' ? reading.eventId : undefined;
}
