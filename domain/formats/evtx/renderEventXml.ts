import type { XmlElement } from '../xml/XmlElement';

/** The namespace of `<Event>`; the element tree leaves namespace declarations out, the text puts it back. */
const EVENT_NAMESPACE = 'http://schemas.microsoft.com/win/2004/08/events/event';

/**
 * An event's element tree as one line of Windows Event XML, for the evidence kept with a matched event and
 * for the rules' word prefilter: what `wevtutil qe /f:xml` would print, apart from namespaces inside
 * UserData and insignificant whitespace. `parseWindowsEventXml` reads it back into the same event.
 */
export function renderEventXml(root: XmlElement): string {
  const parts: string[] = [];
  renderElement(root, parts, root.name === 'Event' ? ` xmlns="${EVENT_NAMESPACE}"` : '');
  return parts.join('');
}

function renderElement(element: XmlElement, parts: string[], namespace: string): void {
  parts.push('<', element.name, namespace);
  for (const [name, value] of element.attributes) parts.push(' ', name, '="', escapeXml(value, true), '"');
  if (element.children.length === 0 && element.text === '') {
    parts.push('/>');
    return;
  }
  parts.push('>');
  // The tree keeps an element's text apart from its children; Windows events never mix the two.
  if (element.text !== '') parts.push(escapeXml(element.text, false));
  for (const child of element.children) renderElement(child, parts, '');
  parts.push('</', element.name, '>');
}

function escapeXml(text: string, inAttribute: boolean): string {
  let escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  if (inAttribute) escaped = escaped.replace(/"/g, '&quot;');
  // Carriage returns would be normalised away by an XML parser reading the text back.
  return escaped.replace(/\r/g, '&#13;');
}
