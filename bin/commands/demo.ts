// `ficus demo [--dir <dir>]`: the whole strangler-fig story on the bundled shop monolith, narrated;
// exit 0 only when every step held, 1 with the failing step otherwise, 130 on Ctrl-C.
import type { Command } from 'commander';

/** Registers `ficus demo`. */
export function register(program: Command): Command {
  return program
    .command('demo')
    .description('analyze the bundled shop, extract its catalog, shadow it, then cut it over through the gateway, narrated')
    .option('--dir <dir>', 'work folder for reports, databases, logs and the gateway config', '.ficus/demo')
    .option('--json', 'no narration: one JSON object at the end ({ ok, interrupted, failed, ms, dir, steps: [{ n, title, said, proved, ms, failed }] })')
    .action(async (opts: { dir: string; json?: boolean }) => {
      const controller = new AbortController();
      const onSignal = () => {
        if (controller.signal.aborted) process.exit(130); // a second Ctrl-C: now (children are killed on exit)
        controller.abort();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      try {
        // Loaded on use: the demo pulls in the analyzer, the gateway and the services, which other verbs need not pay for.
        const { runDemo } = await import('../../demo/run-demo.js');
        const outcome = await runDemo({ dir: opts.dir, out: process.stdout, signal: controller.signal, format: opts.json ? 'json' : 'text' });
        // Everything the demo started is stopped by now; idle keep-alive sockets need not hold the exit.
        process.exit(outcome.interrupted ? 130 : outcome.ok ? 0 : 1);
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });
}
