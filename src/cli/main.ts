import { Command, CommanderError } from 'commander';
import { quietOnBrokenPipe } from './brokenPipe';
import { registerCommands } from './commands/index';
import { reportCrash } from './crash';
import { EXIT } from './exit';
import { noColorEverywhere, oneLineUsageErrors } from './usageErrors';

const program = new Command('cockpit')
  .description('A terminal cockpit for the first thirty minutes of an incident.')
  .version(process.env.COCKPIT_VERSION ?? '0.1.0')
  .exitOverride();

registerCommands(program);
noColorEverywhere(program);
oneLineUsageErrors(program);

// Not a top-level await: the bundle is a classic script (scripts/bundleOptions.mjs).
// Errors outside the command's own promise (a stray rejection) end the same way: one line.
const crash = (error: unknown) => {
  process.exitCode = reportCrash(error);
  process.exit();
};
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);
quietOnBrokenPipe(process.stdout, crash);
quietOnBrokenPipe(process.stderr, crash);

program.parseAsync(process.argv).catch((error: unknown) => {
  // --help and --version exit 0; usage errors exit 2 as DESIGN's table promises.
  if (error instanceof CommanderError) process.exitCode = error.exitCode === 0 ? 0 : EXIT.usage;
  // Whatever the failed command left running (a sandbox's servers, a timer) must not keep it alive.
  else crash(error);
});
