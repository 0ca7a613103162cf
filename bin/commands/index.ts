import type { Command } from 'commander';

/** A subcommand registers itself on the program and returns its own Command. */
export type RegisterCommand = (program: Command) => Command;

// One line per subcommand; each file under bin/commands/ owns one verb.
export const commands: RegisterCommand[] = [];
