import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { iisAdminCrashXml } from '../test/support/windowsEventRecords';

/** One XML file of `events` IIS Admin crashes, 2 s apart, no 1036, over `nodes` nodes. */
export function writeFloodCorpus(directory: string, events: number, nodes: number): string {
  mkdirSync(directory, { recursive: true });
  const start = Date.parse('2024-03-14T00:00:00Z');
  const lines: string[] = [];
  for (let i = 0; i < events; i++) {
    const at = new Date(start + i * 2000).toISOString().replace('Z', '0000Z');
    lines.push(iisAdminCrashXml({ node: `EXCH${i % nodes}.corp.example.com`, at, recordId: i + 1 }));
  }
  const path = join(directory, `flood-${events}-on-${nodes}-nodes.xml`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}
