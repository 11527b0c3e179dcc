import { Command, CommanderError } from 'commander';
import { registerCommands } from './commands/index';
import { EXIT } from './exit';

const program = new Command('cockpit')
  .description('A terminal cockpit for the first thirty minutes of an incident.')
  .version(process.env.COCKPIT_VERSION ?? '0.1.0')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

registerCommands(program);

// Not a top-level await: the bundle is a classic script (scripts/bundleOptions.mjs).
program.parseAsync(process.argv).catch((error: unknown) => {
  if (!(error instanceof CommanderError)) throw error;
  // --help and --version exit 0; usage errors exit 2 as DESIGN's table promises.
  process.exitCode = error.exitCode === 0 ? 0 : EXIT.usage;
});
