import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { NormalisedEvent } from '../domain/event/NormalisedEvent';
import { EvtxStreamReader } from '../domain/formats/evtx/EvtxStreamReader';
import { mapWindowsEventElement } from '../domain/formats/parseWindowsEventXml';
import { parseXmlElementTree } from '../domain/formats/xml/parseXmlElementTree';
import type { XmlElement } from '../domain/formats/xml/XmlElement';

/**
 * Checks the .evtx reader against an independent implementation: Debian's `evtxexport` (libevtx-utils).
 * For each file, both read every record; records are paired by EventRecordID (and order, for the ids a
 * wrapped log holds twice), and every element text and attribute is compared after the rendering
 * differences known to be cosmetic: evtxexport prints 9 fraction digits (FILETIME has 7), pads hex
 * integers to their width and prints size_t in decimal (Event Viewer does neither), does not escape
 * XML inside string values, and may differ in GUID letter case. The normalised events (what rules see)
 * are compared as well.
 *
 *   npx tsx tools/compareEvtxWithEvtxexport.ts [--write-expected] FILE_OR_DIR...
 *
 * A dev tool, not a test: it needs evtxexport on the PATH and exits 0 with a note when it is absent.
 * `--write-expected` writes, next to each file, `FILE.expected.json`: the events evtxexport reads from
 * it, normalised as the product normalises events, for the fixture tests to compare against.
 */
interface FileComparison {
  readonly file: string;
  readonly ours: number;
  readonly theirs: number;
  readonly recovered: number;
  readonly theirsFailed?: string;
  readonly paired: number;
  readonly recordsAgreeing: number;
  readonly fields: number;
  readonly fieldsAgreeing: number;
  readonly eventsAgreeing: number;
  readonly onlyOurs: number;
  readonly onlyTheirs: number;
  readonly differences: readonly string[];
}

const MAX_DIFFERENCES_SHOWN = 8;

function main(): void {
  const args = process.argv.slice(2);
  const writeExpected = args.includes('--write-expected');
  const paths = args.filter((arg) => arg !== '--write-expected');
  if (spawnSync('evtxexport', ['-V']).error !== undefined) {
    console.log('evtxexport not found (Debian: apt-get install libevtx-utils); nothing compared.');
    return;
  }
  const files = paths.flatMap(listEvtxFiles);
  if (writeExpected) {
    for (const file of files) {
      writeFileSync(`${file}.expected.json`, expectedValuesJson(file));
      console.log(`wrote ${file}.expected.json`);
    }
    return;
  }
  const results = files.map(compareFile);
  for (const result of results) printResult(result);
  const sum = (pick: (result: FileComparison) => number) => results.reduce((total, r) => total + pick(r), 0);
  console.log(
    `\n${results.length} files (${results.filter((r) => r.theirsFailed === undefined).length} that evtxexport reads): ` +
      `${sum((r) => r.recordsAgreeing)} of ${sum((r) => r.paired)} paired records agree in every field, ` +
      `${sum((r) => r.fieldsAgreeing)} of ${sum((r) => r.fields)} fields agree, ` +
      `${sum((r) => r.eventsAgreeing)} normalised events agree; records only we read: ${sum((r) => r.onlyOurs)}, ` +
      `only evtxexport read (recovered ones included): ${sum((r) => r.onlyTheirs)}`,
  );
}

function listEvtxFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((name) => name.endsWith('.evtx'))
    .sort()
    .map((name) => join(path, name));
}

function compareFile(file: string): FileComparison {
  const ours = readOurs(file);
  const theirs = readTheirs(file, 'items');
  // Records after damage inside a chunk's used space: evtxexport lists them apart, as "recovered".
  const recovered = readTheirs(file, 'recovered');
  const pending = new Map<string, XmlElement[]>();
  for (const element of [...theirs.elements, ...recovered.elements]) {
    const key = recordKey(element);
    pending.set(key, [...(pending.get(key) ?? []), element]);
  }
  let paired = 0;
  let recordsAgreeing = 0;
  let fields = 0;
  let fieldsAgreeing = 0;
  let eventsAgreeing = 0;
  let onlyOurs = 0;
  const differences: string[] = [];
  for (const element of ours) {
    const key = recordKey(element);
    const theirElement = pending.get(key)?.shift();
    if (theirElement === undefined) {
      onlyOurs++;
      continue;
    }
    paired++;
    const theirFields = flatten(theirElement);
    const comparisons = [element, asEvtxexportPrints(element)].map((ourElement) =>
      compareFields(flatten(ourElement), theirFields),
    );
    const best = comparisons.reduce((a, b) => (b.agreeing > a.agreeing ? b : a));
    fields += best.fields;
    fieldsAgreeing += best.agreeing;
    if (best.agreeing === best.fields) recordsAgreeing++;
    for (const difference of best.differences) {
      if (differences.length < MAX_DIFFERENCES_SHOWN) differences.push(`record ${key} ${difference}`);
    }
    const theirEvent = normalise(theirElement);
    if ([element, asEvtxexportPrints(element)].some((ours) => sameEvent(normalise(ours), theirEvent))) {
      eventsAgreeing++;
    }
  }
  const onlyTheirs = Math.max(0, theirs.elements.length + recovered.elements.length - paired);
  return {
    file: basename(file),
    ours: ours.length,
    theirs: theirs.elements.length,
    recovered: recovered.elements.length,
    ...(theirs.failure === undefined ? {} : { theirsFailed: theirs.failure }),
    paired,
    recordsAgreeing,
    fields,
    fieldsAgreeing,
    eventsAgreeing,
    onlyOurs,
    onlyTheirs,
    differences,
  };
}

function readOurs(file: string): XmlElement[] {
  const elements: XmlElement[] = [];
  const reader = new EvtxStreamReader({
    record: (record) => elements.push(...(record.elements() ?? [])),
    damaged: () => {},
  });
  reader.push(readFileSync(file));
  reader.end();
  return elements;
}

function readTheirs(file: string, mode: 'items' | 'recovered'): { elements: XmlElement[]; failure?: string } {
  const result = spawnSync('evtxexport', ['-f', 'xml', '-m', mode, file], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const elements: XmlElement[] = [];
  for (const text of result.stdout.split(/^(?=<Event[ >])/m).slice(1)) {
    const parsed = parseXmlElementTree(text.trim());
    if (parsed.kind === 'element') elements.push(parsed.root);
  }
  const failure = result.status === 0 ? undefined : result.stderr.split('\n')[0];
  return failure === undefined ? { elements } : { elements, failure };
}

function recordKey(element: XmlElement): string {
  const system = element.children.find((child) => child.name === 'System');
  return system?.children.find((child) => child.name === 'EventRecordID')?.text ?? '?';
}

function compareFields(
  ours: Map<string, string>,
  theirs: Map<string, string>,
): { fields: number; agreeing: number; differences: string[] } {
  const names = new Set([...ours.keys(), ...theirs.keys()]);
  let agreeing = 0;
  const differences: string[] = [];
  for (const name of names) {
    const ourValue = ours.get(name);
    const theirValue = theirs.get(name);
    if (ourValue !== undefined && theirValue !== undefined && sameValue(ourValue, theirValue)) agreeing++;
    else differences.push(`${name}: ours ${show(ourValue)}, evtxexport ${show(theirValue)}`);
  }
  return { fields: names.size, agreeing, differences };
}

/**
 * evtxexport prints some string values without escaping them, so a value holding XML text (LiveId logs SOAP
 * envelopes) comes out as elements; our tree is read the same way before comparing.
 */
function asEvtxexportPrints(element: XmlElement): XmlElement {
  const children = element.children.map(asEvtxexportPrints);
  if (!element.text.includes('<')) return { ...element, children };
  const parsed = parseXmlElementTree(`<unescaped>${element.text}</unescaped>`);
  if (parsed.kind !== 'element') return { ...element, children };
  return { ...element, text: parsed.root.text, children: [...children, ...parsed.root.children] };
}

/** Every element text and attribute by path (`Event/EventData/Data#2@Name`); whitespace-only text left out. */
function flatten(root: XmlElement): Map<string, string> {
  const fields = new Map<string, string>();
  const visit = (element: XmlElement, path: string) => {
    for (const [name, value] of element.attributes) fields.set(`${path}@${name}`, value);
    if (element.text.trim() !== '') fields.set(path, element.text);
    const seen = new Map<string, number>();
    for (const child of element.children) {
      const index = seen.get(child.name) ?? 0;
      seen.set(child.name, index + 1);
      visit(child, `${path}/${child.name}#${index}`);
    }
  };
  visit(root, root.name);
  return fields;
}

const HEX = /^0x[0-9a-f]+$/i;
const DECIMAL = /^\d+$/;
const TIME = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\.(\d+)Z$/;
const GUID = /^\{[0-9a-f-]{36}\}$/i;

function sameValue(ours: string, theirs: string): boolean {
  if (ours === theirs) return true;
  // evtxexport's XML output drops values that are only whitespace (a lone line break, say).
  if (ours.trim() === '' && theirs === '') return true;
  // Event Viewer prints size_t (pointer) values in hex, evtxexport in decimal; both pad or not.
  if (HEX.test(ours) && (HEX.test(theirs) || DECIMAL.test(theirs))) return BigInt(ours) === BigInt(theirs);
  if (GUID.test(ours) && GUID.test(theirs)) return ours.toLowerCase() === theirs.toLowerCase();
  const ourTime = TIME.exec(ours);
  const theirTime = TIME.exec(theirs);
  if (ourTime && theirTime) {
    return ourTime[1] === theirTime[1] && ourTime[2]?.padEnd(9, '0') === theirTime[2]?.padEnd(9, '0');
  }
  return false;
}

function normalise(element: XmlElement): NormalisedEvent | string {
  const result = mapWindowsEventElement(element, { object: '', byteOffset: 0 }, 'evtx');
  return result.kind === 'event' ? result.event : `${result.reason}: ${result.detail}`;
}

function sameEvent(ours: NormalisedEvent | string, theirs: NormalisedEvent | string): boolean {
  if (typeof ours === 'string' || typeof theirs === 'string') return ours === theirs;
  const strip = (event: NormalisedEvent) => {
    const { time, data, ...rest } = event;
    return JSON.stringify(rest);
  };
  const sameData = (a: Record<string, string>, b: Record<string, string>) =>
    Object.keys(a).length === Object.keys(b).length &&
    Object.entries(a).every(([key, value]) => b[key] !== undefined && sameValue(value, b[key] ?? ''));
  return (
    strip(ours) === strip(theirs) &&
    sameValue(ours.time, theirs.time) &&
    sameData(ours.data.named, theirs.data.named) &&
    ours.data.positional.length === theirs.data.positional.length &&
    ours.data.positional.every((value, i) => sameValue(value, theirs.data.positional[i] ?? ''))
  );
}

/** What a fixture test asserts for one file: counts, and each record's normalised fields, from evtxexport. */
/** One event per line, so that a change in the reader shows as a change in the lines of its events. */
function expectedValuesJson(file: string): string {
  const version = spawnSync('evtxexport', ['-V'], { encoding: 'utf8' }).stdout.split('\n')[0];
  const events = readTheirs(file, 'items').elements.map((element) => {
    const event = normalise(element);
    if (typeof event === 'string') return JSON.stringify({ rejected: event });
    const { source, format, timeMs, ...fields } = event;
    return JSON.stringify(fields);
  });
  const header = {
    file: basename(file),
    producedBy: `${version} -f xml (Debian libevtx-utils), mapped by mapWindowsEventElement`,
  };
  return `${JSON.stringify(header).slice(0, -1)},"events":[\n${events.join(',\n')}\n]}\n`;
}

function show(value: string | undefined): string {
  return value === undefined
    ? '(absent)'
    : JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
}

function printResult(result: FileComparison): void {
  const failed = result.theirsFailed === undefined ? '' : ` (evtxexport failed: ${result.theirsFailed})`;
  console.log(
    `${result.file}: ours ${result.ours}, evtxexport ${result.theirs} (+${result.recovered} recovered)${failed}; ` +
      `paired ${result.paired}, ` +
      `records agreeing ${result.recordsAgreeing}, fields ${result.fieldsAgreeing}/${result.fields}, ` +
      `events agreeing ${result.eventsAgreeing}; only ours ${result.onlyOurs}, only evtxexport ${result.onlyTheirs}`,
  );
  for (const difference of result.differences) console.log(`  ${difference}`);
}

main();
