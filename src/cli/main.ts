// First: every schema built after this parses without generated code (see the module).
import './parsersInterpreted';
import { Command, CommanderError } from 'commander';
// The one version: package.json's, inlined by the bundle (nothing can override it at run time).
import { version } from '../../package.json';
import { quietOnBrokenPipe } from './brokenPipe';
import { registerCommands } from './commands/index';
import { reportCrash } from './crash';
import { exitProcess, outsidePluginCall } from '../plugins/pluginCalls';
import { restoreTerminal } from './terminalRestore';
import { EXIT } from './exit';
import { dropLibraryDeprecations } from './libraryDeprecations';
import { COLOR_ENV, DATA_ENV, DEBUG_ENV, helpFooter } from './helpText';
import { noColorEverywhere, oneLineUsageErrors } from './usageErrors';
import { startupMark } from './startupMarks';

startupMark('bundle evaluated');
dropLibraryDeprecations();

const program = new Command('cockpit')
  .description('A terminal cockpit for the first thirty minutes of an incident.')
  .version(version)
  .exitOverride()
  .addHelpText(
    'after',
    helpFooter({
      examples: ['cockpit drill runbooks/checkout-api.yaml            # rehearse against the built-in sandbox', 'cockpit lint runbooks/', 'cockpit status runbooks/checkout-api.yaml --json', 'cockpit open runbooks/checkout-api.yaml             # a real incident', 'source <(cockpit completion bash)'],
      env: [DATA_ENV, COLOR_ENV, DEBUG_ENV],
      exitCodes: '0 ok, 1 problems (lint, verify, an --autopilot drill that did not recover), 2 usage or input error, 3 a provider failed (status), 4 the data dir takes no writes, 70 internal error, 141 stdout closed by its reader.',
    }),
  );

registerCommands(program);
noColorEverywhere(program);
oneLineUsageErrors(program);

// Not a top-level await: the bundle is a classic script (scripts/bundleOptions.mjs).
// Errors outside the command's own promise (a stray rejection) end the same way: one line.
// Outside a plugin's call, whose timer's throw lands here: what it writes is the cockpit's (pluginCalls.ts).
const crash = outsidePluginCall((error: unknown) => {
  restoreTerminal();
  process.exitCode = reportCrash(error);
  exitProcess();
});
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
