import { describe, expect, it } from 'vitest';
import { parseXmlElementTree } from '../../../domain/formats/xml/parseXmlElementTree';
import type { XmlElement } from '../../../domain/formats/xml/XmlElement';

function rootOf(xml: string): XmlElement {
  const result = parseXmlElementTree(xml);
  if (result.kind !== 'element') throw new Error(`expected a tree, got ${result.reason}: ${result.detail}`);
  return result.root;
}

function rejectionOf(xml: string): { reason: string; detail: string } {
  const result = parseXmlElementTree(xml);
  if (result.kind !== 'rejected') throw new Error('expected a rejection');
  return { reason: result.reason, detail: result.detail };
}

describe('parseXmlElementTree', () => {
  it('strips namespace prefixes from element and attribute names and leaves out xmlns declarations', () => {
    const root = rootOf(
      "<e:Event xmlns:e='urn:x' xmlns='urn:y'><e:System e:Flag='1'><Computer>HOST</Computer></e:System></e:Event>",
    );
    expect(root.name).toBe('Event');
    expect([...root.attributes.keys()]).toEqual([]);
    expect(root.children[0]?.name).toBe('System');
    expect(root.children[0]?.attributes.get('Flag')).toBe('1');
    expect(root.children[0]?.children[0]?.text).toBe('HOST');
  });

  it('reads single-quoted and double-quoted attributes, each allowed to contain the other quote', () => {
    const root = rootOf(`<Event><Data Name='say "hi"' Other="it's"/></Event>`);
    expect(root.children[0]?.attributes.get('Name')).toBe('say "hi"');
    expect(root.children[0]?.attributes.get('Other')).toBe("it's");
  });

  it('reads self-closing elements with and without attributes or a space before the slash', () => {
    const root = rootOf(
      "<Event><Correlation/><Security UserID='S-1-5-18'/><Execution ProcessID='1' /></Event>",
    );
    expect(root.children.map((child) => child.name)).toEqual(['Correlation', 'Security', 'Execution']);
    expect(root.children[1]?.attributes.get('UserID')).toBe('S-1-5-18');
  });

  it('decodes the five predefined entities in text and attributes', () => {
    const root = rootOf("<Event a='&lt;&amp;&gt;'>&lt;/Event&gt; &amp; &apos;x&apos; &quot;y&quot;</Event>");
    expect(root.text).toBe(`</Event> & 'x' "y"`);
    expect(root.attributes.get('a')).toBe('<&>');
  });

  it('decodes decimal and hexadecimal character references, keeping CR/LF as written', () => {
    const root = rootOf('<Event>line1&#xD;&#xA;line2&#13;&#10;line3\r\nline4</Event>');
    expect(root.text).toBe('line1\r\nline2\r\nline3\r\nline4');
  });

  it('decodes a character reference outside the Basic Multilingual Plane', () => {
    expect(rootOf('<Event>&#x1F600;</Event>').text).toBe('😀');
  });

  it('keeps CDATA content literally, markup and all', () => {
    expect(rootOf('<Event><![CDATA[a <b> & </Event>]]>c</Event>').text).toBe('a <b> & </Event>c');
  });

  it('skips comments and processing instructions, before and inside the root', () => {
    const root = rootOf(
      "<?xml version='1.0' encoding='UTF-8'?><!-- head --><Event><!-- x --><?pi y?>t</Event><!-- tail -->",
    );
    expect(root.text).toBe('t');
    expect(root.children).toEqual([]);
  });

  it('skips a leading byte order mark and surrounding whitespace', () => {
    expect(rootOf('\uFEFF\r\n  <Event>x</Event>\r\n').text).toBe('x');
  });

  it('keeps illegal XML 1.0 control characters in text as they are (U+001B and U+0001 from Sysmon)', () => {
    expect(rootOf('<Event>a\u001bb\u0001c\u0000d</Event>').text).toBe('a\u001bb\u0001c\u0000d');
  });

  it('decodes character references to control characters too', () => {
    expect(rootOf('<Event>&#x1B;&#1;</Event>').text).toBe('\u001b\u0001');
  });

  it('rejects a DOCTYPE as xml-doctype', () => {
    expect(rejectionOf('<!DOCTYPE Event><Event/>').reason).toBe('xml-doctype');
  });

  it('rejects the billion-laughs document as xml-doctype without expanding anything', () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><Event>&lol3;</Event>`;
    expect(rejectionOf(laughs)).toEqual({
      reason: 'xml-doctype',
      detail: expect.stringContaining('DOCTYPE'),
    });
  });

  it('rejects an ENTITY declaration inside the record as xml-doctype', () => {
    expect(rejectionOf('<Event><!ENTITY x SYSTEM "file:///etc/passwd"></Event>').reason).toBe('xml-doctype');
  });

  it('rejects an undeclared named entity as malformed-xml, naming it', () => {
    expect(rejectionOf('<Event>&nbsp;</Event>')).toEqual({
      reason: 'malformed-xml',
      detail: expect.stringContaining('&nbsp;'),
    });
  });

  it('rejects a bare ampersand as malformed-xml', () => {
    expect(rejectionOf('<Event>Tom & Jerry</Event>').reason).toBe('malformed-xml');
  });

  it('rejects character references to surrogates or beyond U+10FFFF', () => {
    expect(rejectionOf('<Event>&#xD800;</Event>').reason).toBe('malformed-xml');
    expect(rejectionOf('<Event>&#x110000;</Event>').reason).toBe('malformed-xml');
  });

  it('rejects a truncated record, saying which elements were still open', () => {
    expect(
      rejectionOf("<Event><System><Computer>HOST</Computer></System><EventData><Data Name='p'>val"),
    ).toEqual({
      reason: 'malformed-xml',
      detail: expect.stringContaining('<Event> > <EventData> > <Data>'),
    });
  });

  it('rejects a record cut off inside a tag or an attribute value', () => {
    expect(rejectionOf("<Event><System><Provider Name='Serv").detail).toContain('<Event> > <System>');
    expect(rejectionOf('<Event><System><Prov').reason).toBe('malformed-xml');
  });

  it('rejects mismatched end tags', () => {
    expect(rejectionOf('<Event><System></Event></System>').detail).toContain('</Event>');
  });

  it('rejects text or a second element after the root element', () => {
    expect(rejectionOf('<Event/>junk').reason).toBe('malformed-xml');
    expect(rejectionOf('<Event/><Event/>').reason).toBe('malformed-xml');
  });

  it('rejects input with no element at all', () => {
    expect(rejectionOf('   ').reason).toBe('malformed-xml');
    expect(rejectionOf('just text').reason).toBe('malformed-xml');
  });

  it('rejects nesting deeper than any event record needs', () => {
    expect(rejectionOf(`${'<a>'.repeat(1000)}${'</a>'.repeat(1000)}`).detail).toContain('nested deeper');
  });

  it('rejects a less-than sign inside an attribute value', () => {
    expect(rejectionOf("<Event a='<'/>").reason).toBe('malformed-xml');
  });

  it('parses a 1 MB record with thousands of elements quickly', () => {
    const data = "<Data Name='x'>value &amp; more</Data>".repeat(25_000);
    const started = performance.now();
    const root = rootOf(`<Event><EventData>${data}</EventData></Event>`);
    expect(root.children[0]?.children).toHaveLength(25_000);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('stays linear on a record with many attributes and one long text', () => {
    const attributes = Array.from({ length: 20_000 }, (_, i) => `a${i}='v'`).join(' ');
    const started = performance.now();
    const root = rootOf(`<Event ${attributes}>${'x'.repeat(500_000)}</Event>`);
    expect(root.attributes.size).toBe(20_000);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
