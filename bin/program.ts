// Builds the commander program. Each subcommand lives in bin/commands/<name>.ts and registers itself
// through a `register(program)` function listed here, so commands stay thin and independent.
import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { commands } from './commands/index.js';

function readVersion(): string {
  const url = new URL('../../package.json', import.meta.url); // dist/bin → root
  const alt = new URL('../package.json', import.meta.url); // bin (run from source) → root
  for (const u of [url, alt]) {
    try {
      return (JSON.parse(readFileSync(u, 'utf8')) as { version: string }).version;
    } catch {
      // try the next candidate location
    }
  }
  return '0.0.0';
}

/** Exit code 2 and one clear line for usage errors (unknown command, bad flag), as CLIs conventionally do. */
export function createProgram(): Command {
  const program = new Command('ficus')
    .description('strangler-fig migration toolkit: analyze a monolith, cut routes over to services, run the multi-lith')
    .version(readVersion(), '-V, --version')
    .showSuggestionAfterError(true)
    .exitOverride();
  configureUsageErrors(program);
  for (const register of commands) {
    const sub = register(program);
    configureUsageErrors(sub);
  }
  return program;
}

function configureUsageErrors(cmd: Command): void {
  cmd.exitOverride((err) => {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') {
      process.exit(0);
    }
    // commander has already printed its one-line message to stderr.
    process.exit(2);
  });
  cmd.configureOutput({
    outputError: (str, write) => write(str.split('\n').filter(Boolean)[0] + '\n'),
  });
}
