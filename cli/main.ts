import { WinlogError } from '../domain/errors/WinlogError';
import { UsageError } from './UsageError';

const USAGE = `Usage: winlog-correlator <command> [options]

Commands:
  scan PATH...   correlate Windows event log files and print incidents as JSON lines
  check PATH...  onboarding report on a sample of a shipper's output: shapes, times, zones, nodes, rule ids
  local          run the whole pipeline on this machine (embedded S3, DynamoDB and SNS stand-ins)
  audit          query the audit trail (incidents, evidence, notifications)
  fleet          per-node health: open incidents, recent incidents, last event seen
  mute           start a maintenance window on a node: its incidents are recorded, not alerted
  unmute         end a node's maintenance window now
  mutes          list the maintenance windows in force
  replay         send objects already in the raw bucket to the ingest queue again (resumable, paced)

Run 'winlog-correlator <command> --help' for the options of a command.`;

type Command = (argv: readonly string[]) => Promise<number>;

const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  // Each command is loaded when called, so `--help` and every other command start fast.
  // require, not import(): the sources run through tsx's require hook, where import() of a .ts file fails.
  scan: async () => (require('./scan/scanCommand') as typeof import('./scan/scanCommand')).scanCommand,
  check: async () => (require('./check/checkCommand') as typeof import('./check/checkCommand')).checkCommand,
  local: async () => (require('./local/localCommand') as typeof import('./local/localCommand')).localCommand,
  audit: async () => (require('./audit/auditCommand') as typeof import('./audit/auditCommand')).auditCommand,
  fleet: async () => (require('./fleet/fleetCommand') as typeof import('./fleet/fleetCommand')).fleetCommand,
  mute: async () => (require('./mute/muteCommand') as typeof import('./mute/muteCommand')).muteCommand,
  unmute: async () =>
    (require('./mute/unmuteCommand') as typeof import('./mute/unmuteCommand')).unmuteCommand,
  mutes: async () => (require('./mute/mutesCommand') as typeof import('./mute/mutesCommand')).mutesCommand,
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

// A reader that stops early (`scan FILE | head`) closes the pipe: end as a tool that SIGPIPE stops does
// (status 141), instead of with a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(141);
});

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
    if (error instanceof WinlogError) {
      process.stderr.write(`winlog-correlator: ${error.message}\n`);
      process.exitCode = 1;
      return;
    }
    process.stderr.write(`winlog-correlator: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
