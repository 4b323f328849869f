/** One element of a parsed event record, namespaces ignored: names are local names (prefix stripped). */
export interface XmlElement {
  readonly name: string;
  /** Attributes by local name; `xmlns` and `xmlns:*` declarations are left out. */
  readonly attributes: ReadonlyMap<string, string>;
  readonly children: readonly XmlElement[];
  /** The element's own text and CDATA, entity-decoded, in document order; whitespace and CR/LF kept. */
  readonly text: string;
}
