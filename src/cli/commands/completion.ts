import { Argument, type Command } from 'commander';
import { completionScript, completionSpec, SHELLS, type Shell } from '../completion';
import { helpFooter } from '../helpText';
import { EXIT } from '../exit';

/** Registered last: its script describes every command registered before it, itself included. */
export function registerCompletion(program: Command): void {
  program
    .command('completion')
    .description('print a shell completion script (bash, zsh or fish) for cockpit')
    .addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(SHELLS))
    .addHelpText(
      'after',
      helpFooter({
        examples: [
          'cockpit completion bash > ~/.local/share/bash-completion/completions/cockpit',
          'cockpit completion zsh > "${fpath[1]}/_cockpit"',
          'cockpit completion fish > ~/.config/fish/completions/cockpit.fish',
          'source <(cockpit completion bash)   # this shell only',
        ],
        exitCodes: '0, 2 for a shell it does not know.',
      }),
    )
    .action((shell: Shell) => {
      process.stdout.write(completionScript(completionSpec(program), shell));
      process.exitCode = EXIT.ok;
    });
}
