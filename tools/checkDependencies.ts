/**
 * The architecture, enforced: which layer may import which, and no import cycles. Run by `npm test`
 * (`npm run lint:deps`); prints each forbidden import and each cycle, and exits 1 when there is one.
 *
 * - `domain/` is pure: it imports only itself, a few pure libraries and `node:crypto`.
 * - `adapters/` (aws, node, local) connect the domain to the world: they import the domain and each other.
 * - `app/` wires the domain to adapters for the doors that share it (the ingest and drain functions).
 * - The doors (`cli/`, `lambdas/`, `lib/`, `bin/`) import the layers below, never one another; each CLI
 *   command folder is a door of its own.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const PRODUCTION = ['domain', 'adapters', 'app', 'cli', 'lambdas', 'lib', 'bin'];
const DOORS = new Set(['cli', 'lambdas', 'lib', 'bin']);
const SHARED_CLI_FOLDERS = new Set(['shared', 'output']);
/** The one module that may load every command. */
const DISPATCHER = 'cli/main.ts';
const PURE_PACKAGES = new Set(['zod', 'yaml', 're2js', 'node:crypto']);
const IMPORT =
  /(?:^|[^.\w])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:require|import)\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;

function sourceFiles(root: string, folder: string): string[] {
  const entries = readdirSync(join(root, folder), { withFileTypes: true });
  return entries.flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(root, path);
    return /\.(ts|js|cjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

function resolveModule(root: string, from: string, specifier: string): string | undefined {
  const base = join(dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, `${base}.js`, join(base, 'index.ts')]) {
    try {
      if (statSync(join(root, candidate)).isFile()) return candidate;
    } catch {}
  }
  return undefined;
}

function layerOf(path: string): string {
  return path.split('/')[0] ?? '';
}

function forbidden(from: string, specifier: string, to: string | undefined): string | undefined {
  const source = layerOf(from);
  if (to === undefined) {
    if (source === 'domain' && !PURE_PACKAGES.has(specifier) && !specifier.startsWith('@types/'))
      return `domain is pure: it may not use '${specifier}'`;
    return undefined;
  }
  const target = layerOf(to);
  if (source === 'cli' && target === 'cli') return commandImport(from, to);
  if (source === target) return undefined;
  if (source === 'domain') return `domain is pure: it may not import ${target}/`;
  if (source === 'adapters' && target !== 'domain') return `adapters import only the domain, not ${target}/`;
  if (source === 'app' && target !== 'domain' && target !== 'adapters')
    return `app wires the domain to adapters; it may not import the door ${target}/`;
  if (DOORS.has(source) && DOORS.has(target) && !(source === 'bin' && target === 'lib'))
    return `doors do not import each other: ${source}/ imports ${target}/`;
  return undefined;
}

/** Each command (`cli/<command>/`) is its own door: it shares only through `cli/shared/`, `cli/output/` and `cli/*.ts`. */
function commandImport(from: string, to: string): string | undefined {
  const commandOf = (path: string) => {
    const parts = path.split('/');
    return parts.length > 2 && !SHARED_CLI_FOLDERS.has(parts[1] ?? '') ? parts[1] : undefined;
  };
  const source = commandOf(from);
  const target = commandOf(to);
  if (target === undefined || source === target || from === DISPATCHER) return undefined;
  return `commands do not import each other: cli/${source ?? ''}${source ? '/' : ''} imports cli/${target}/ (share through cli/shared/)`;
}

/** Cycles among the modules, by Tarjan's strongly connected components. */
function cyclesIn(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const lowLinks = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    indices.set(node, index);
    lowLinks.set(node, index);
    index += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!indices.has(next)) {
        visit(next);
        lowLinks.set(node, Math.min(lowLinks.get(node) ?? 0, lowLinks.get(next) ?? 0));
      } else if (onStack.has(next)) {
        lowLinks.set(node, Math.min(lowLinks.get(node) ?? 0, indices.get(next) ?? 0));
      }
    }
    if (lowLinks.get(node) !== indices.get(node)) return;
    const component: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop();
      if (member === undefined) break;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1) cycles.push(component.sort());
  };
  for (const node of graph.keys()) if (!indices.has(node)) visit(node);
  return cycles;
}

function importsOf(root: string, file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [...text.matchAll(IMPORT)]
    .map((match) => match[1] ?? match[2] ?? match[3] ?? '')
    .filter((specifier) => specifier !== '');
}

/** Every forbidden import and every cycle among the production modules under `root`. */
export function checkDependencies(root: string = ROOT): string[] {
  const problems: string[] = [];
  const graph = new Map<string, string[]>();
  const files = PRODUCTION.flatMap((folder) => {
    try {
      return sourceFiles(root, folder);
    } catch {
      return [];
    }
  });
  for (const file of files) {
    const targets: string[] = [];
    for (const specifier of importsOf(root, file)) {
      const relativeImport = specifier.startsWith('.');
      const to = relativeImport ? resolveModule(root, file, specifier) : undefined;
      if (relativeImport && to === undefined) {
        problems.push(`${file}: '${specifier}' does not resolve to a file`);
        continue;
      }
      const why = forbidden(file, specifier, to);
      if (why) problems.push(`${file} -> ${to ?? specifier}: ${why}`);
      if (to) targets.push(to);
    }
    graph.set(file, targets);
  }
  for (const cycle of cyclesIn(graph)) problems.push(`import cycle: ${cycle.join(' <-> ')}`);
  return [...new Set(problems)];
}

if (require.main === module) {
  const problems = checkDependencies();
  for (const problem of problems) process.stderr.write(`${problem}\n`);
  process.stderr.write(
    problems.length === 0 ? 'dependencies: ok\n' : `dependencies: ${problems.length} problems\n`,
  );
  process.exitCode = problems.length === 0 ? 0 : 1;
}
