/** A value of a template instance: its type and where its bytes are in the chunk. */
export interface TemplateValue {
  readonly type: number;
  readonly start: number;
  readonly size: number;
}

/** Parsed BinXML before substitution: what a template definition (or a record without one) holds. */
export type BinXmlNode = ElementNode | TextNode | SubstitutionNode | InstanceNode;

export interface ElementNode {
  readonly kind: 'element';
  /** Local name (any prefix stripped), as `XmlElement` names are. */
  readonly name: string;
  readonly attributes: readonly AttributeNode[];
  readonly children: readonly BinXmlNode[];
  /** Substitutions in the element's own attributes and content: an array value among them repeats it. */
  readonly substitutions: readonly number[];
  /** Optional substitutions in the element's own content: a NULL value among them leaves the element out. */
  readonly optionalContent: readonly number[];
}

export interface AttributeNode {
  readonly name: string;
  readonly parts: readonly (TextNode | SubstitutionNode)[];
}

export interface TextNode {
  readonly kind: 'text';
  readonly text: string;
}

export interface SubstitutionNode {
  readonly kind: 'substitution';
  readonly index: number;
  /** With a NULL value, an optional substitution leaves out the attribute or element enclosing it. */
  readonly optional: boolean;
}

/** A template instance: the template's nodes and the values that fill them. */
export interface InstanceNode {
  readonly kind: 'instance';
  readonly template: readonly BinXmlNode[];
  readonly values: readonly TemplateValue[];
}
