import { scanCommand } from './scan/scanCommand';
import { UsageError } from './UsageError';

const USAGE = `Usage: winlog-correlator <command> [options]

Commands:
  scan PATH...   correlate Windows event log files and print incidents as JSON lines
  check PATH...  onboarding report on a sample of a shipper's output: shapes, times, zones, nodes, rule ids
  local          run the whole pipeline on this machine (embedded S3, DynamoDB and SNS stand-ins)
  audit          query the audit trail (incidents, evidence, notifications)
  fleet          per-node health: open incidents, recent incidents, last event seen
  replay         send objects already in the raw bucket to the ingest queue again (resumable, paced)

Run 'winlog-correlator <command> --help' for the options of a command.`;

type Command = (argv: readonly string[]) => Promise<number>;

const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  scan: async () => scanCommand,
  check: async () => (require('./check/checkCommand') as typeof import('./check/checkCommand')).checkCommand,
  // require, not import(): bin/cli.js registers tsx's require hook only, so import() of a .ts file fails.
  local: async () => (require('./local/localCommand') as typeof import('./local/localCommand')).localCommand,
  audit: async () => (require('./audit/auditCommand') as typeof import('./audit/auditCommand')).auditCommand,
  fleet: async () => (require('./fleet/fleetCommand') as typeof import('./fleet/fleetCommand')).fleetCommand,
  replay: async () =>
    (require('./replay/replayCommand') as typeof import('./replay/replayCommand')).replayCommand,
};

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return name === undefined ? 2 : 0;
  }
  const load = COMMANDS[name];
  if (!load) throw new UsageError(`unknown command '${name}'`);
  return (await load())(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(
        `winlog-correlator: ${error.message}\nRun 'winlog-correlator --help' for usage.\n`,
      );
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`winlog-correlator: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
