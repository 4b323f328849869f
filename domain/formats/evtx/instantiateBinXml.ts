import type { XmlElement } from '../xml/XmlElement';
import type { BinXmlChunk } from './BinXmlChunk';
import type { AttributeNode, BinXmlNode, ElementNode, TemplateValue } from './BinXmlNode';
import { ARRAY_FLAG as ARRAY, ValueType as ValueTypes } from './BinXmlValueType';
import { parseFragment } from './parseBinXml';
import { renderArrayItems, renderBinXmlValue } from './renderBinXmlValue';

/** Read once: under tsx's CommonJS output (the CLI) every read of an imported binding is a getter call. */
const ValueType = ValueTypes;
const ARRAY_FLAG = ARRAY;

interface ElementBuilder {
  readonly children: XmlElement[];
  text: string;
}

const NO_VALUES: readonly TemplateValue[] = [];
const NO_ARRAYS: ReadonlyMap<number, readonly string[]> = new Map();
/** Shared by the elements without attributes (most of them): the tree is read-only. */
const NO_ATTRIBUTES: ReadonlyMap<string, string> = new Map();
/** No array is being expanded. */
const WHOLE = -1;

/**
 * Expands parsed BinXML into the element tree the XML path builds (`XmlElement`): substitutions take their
 * instance's values, BinXML values become child elements, and an element holding an array value repeats
 * once per item (MS-EVEN6 3.1.4.7.5), as Event Viewer and evtxexport show it.
 */
export function instantiateBinXml(chunk: BinXmlChunk, nodes: readonly BinXmlNode[], depth = 0): XmlElement[] {
  const root: ElementBuilder = { children: [], text: '' };
  new Instantiation(chunk, NO_VALUES, depth).content(nodes, root, WHOLE, NO_ARRAYS);
  return root.children;
}

class Instantiation {
  constructor(
    private readonly chunk: BinXmlChunk,
    private readonly values: readonly TemplateValue[],
    private readonly depth: number,
  ) {}

  content(
    nodes: readonly BinXmlNode[],
    into: ElementBuilder,
    item: number,
    arrays: ReadonlyMap<number, readonly string[]>,
  ): void {
    for (const node of nodes) {
      switch (node.kind) {
        case 'element':
          this.element(node, into.children);
          break;
        case 'text':
          into.text += node.text;
          break;
        case 'instance':
          new Instantiation(this.chunk, node.values, this.depth + 1).content(
            node.template,
            into,
            WHOLE,
            NO_ARRAYS,
          );
          break;
        default: {
          const value = this.values[node.index];
          if (value === undefined || value.type === ValueType.Null) break;
          if (value.type === ValueType.BinXml) {
            const fragment = parseFragment(this.chunk, value.start, value.start + value.size, this.depth + 1);
            new Instantiation(this.chunk, NO_VALUES, this.depth + 1).content(
              fragment,
              into,
              WHOLE,
              NO_ARRAYS,
            );
          } else {
            into.text += this.render(node.index, value, item, arrays);
          }
        }
      }
    }
  }

  private element(node: ElementNode, into: XmlElement[]): void {
    for (const index of node.optionalContent) if (this.isNull(index)) return;
    const arrays = this.arraysOf(node);
    if (arrays.size === 0) {
      into.push(this.build(node, WHOLE, arrays));
      return;
    }
    let items = 1;
    for (const array of arrays.values()) items = Math.max(items, array.length);
    for (let item = 0; item < items; item++) into.push(this.build(node, item, arrays));
  }

  private build(node: ElementNode, item: number, arrays: ReadonlyMap<number, readonly string[]>): XmlElement {
    let attributes: Map<string, string> | undefined;
    for (const attribute of node.attributes) {
      const value = this.attributeValue(attribute, item, arrays);
      if (value === undefined || attributes?.has(attribute.name)) continue;
      attributes ??= new Map();
      attributes.set(attribute.name, value);
    }
    const builder: ElementBuilder = { children: [], text: '' };
    this.content(node.children, builder, item, arrays);
    return {
      name: node.name,
      attributes: attributes ?? NO_ATTRIBUTES,
      children: builder.children,
      text: builder.text,
    };
  }

  /** The attribute's text; undefined when an optional substitution in it is NULL (MS-EVEN6 3.1.4.7.2). */
  private attributeValue(
    attribute: AttributeNode,
    item: number,
    arrays: ReadonlyMap<number, readonly string[]>,
  ): string | undefined {
    let text = '';
    for (const part of attribute.parts) {
      if (part.kind === 'text') {
        text += part.text;
        continue;
      }
      const value = this.values[part.index];
      if (value === undefined || value.type === ValueType.Null) {
        if (part.optional) return undefined;
      } else if (value.type !== ValueType.BinXml) {
        text += this.render(part.index, value, item, arrays);
      }
    }
    return text;
  }

  private render(
    index: number,
    value: TemplateValue,
    item: number,
    arrays: ReadonlyMap<number, readonly string[]>,
  ): string {
    const items = arrays.get(index);
    if (items !== undefined) return item === WHOLE ? items.join(',') : (items[item] ?? '');
    return renderBinXmlValue(this.chunk, value.type, value.start, value.size);
  }

  private isNull(index: number): boolean {
    const value = this.values[index];
    return value === undefined || value.type === ValueType.Null;
  }

  /** Items of the array values among the element's own substitutions, by value index. */
  private arraysOf(node: ElementNode): ReadonlyMap<number, readonly string[]> {
    let arrays: Map<number, readonly string[]> | undefined;
    for (const index of node.substitutions) {
      const value = this.values[index];
      if (value !== undefined && (value.type & ARRAY_FLAG) !== 0 && !arrays?.has(index)) {
        arrays ??= new Map();
        arrays.set(index, renderArrayItems(this.chunk, value.type, value.start, value.size));
      }
    }
    return arrays ?? NO_ARRAYS;
  }
}
