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

interface CommandEntry {
  readonly load: () => Command;
  /** The command's help, from a module that loads none of the command's dependencies. */
  readonly usage: () => string;
}

// Each command is loaded when called, and its help without it, so `--help` answers at once everywhere.
// require, not import(): the sources run through tsx's require hook, where import() of a .ts file fails.
const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  scan: {
    load: () => (require('./scan/scanCommand') as typeof import('./scan/scanCommand')).scanCommand,
    usage: () => (require('./scan/scanUsage') as typeof import('./scan/scanUsage')).SCAN_USAGE,
  },
  check: {
    load: () => (require('./check/checkCommand') as typeof import('./check/checkCommand')).checkCommand,
    usage: () => (require('./check/checkUsage') as typeof import('./check/checkUsage')).CHECK_USAGE,
  },
  local: {
    load: () => (require('./local/localCommand') as typeof import('./local/localCommand')).localCommand,
    usage: () => (require('./local/localUsage') as typeof import('./local/localUsage')).LOCAL_USAGE,
  },
  audit: {
    load: () => (require('./audit/auditCommand') as typeof import('./audit/auditCommand')).auditCommand,
    usage: () => (require('./audit/auditUsage') as typeof import('./audit/auditUsage')).AUDIT_USAGE,
  },
  fleet: {
    load: () => (require('./fleet/fleetCommand') as typeof import('./fleet/fleetCommand')).fleetCommand,
    usage: () => (require('./fleet/fleetUsage') as typeof import('./fleet/fleetUsage')).FLEET_USAGE,
  },
  mute: {
    load: () => (require('./mute/muteCommand') as typeof import('./mute/muteCommand')).muteCommand,
    usage: () => (require('./mute/muteUsage') as typeof import('./mute/muteUsage')).MUTE_USAGE,
  },
  unmute: {
    load: () => (require('./mute/unmuteCommand') as typeof import('./mute/unmuteCommand')).unmuteCommand,
    usage: () => (require('./mute/unmuteUsage') as typeof import('./mute/unmuteUsage')).UNMUTE_USAGE,
  },
  mutes: {
    load: () => (require('./mute/mutesCommand') as typeof import('./mute/mutesCommand')).mutesCommand,
    usage: () => (require('./mute/mutesUsage') as typeof import('./mute/mutesUsage')).MUTES_USAGE,
  },
  replay: {
    load: () => (require('./replay/replayCommand') as typeof import('./replay/replayCommand')).replayCommand,
    usage: () => (require('./replay/replayUsage') as typeof import('./replay/replayUsage')).REPLAY_USAGE,
  },
};

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) throw new UsageError(`unknown command '${name}'`);
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${command.usage()}\n`);
    return 0;
  }
  return command.load()(rest);
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
