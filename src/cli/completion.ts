import type { Command } from 'commander';

/**
 * Shell completion scripts, generated from commander's own command and option tree so they can
 * never drift from what the CLI accepts. Static scripts (no call back into `cockpit` on each Tab):
 * a Tab at 3 a.m. must be instant, and must work when the data dir is broken.
 */

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

export interface CompletionOption {
  readonly flags: readonly string[];
  readonly description: string;
  /** Takes a value; with `choices`, one of those, else a file path or free text. */
  readonly takesValue: boolean;
  readonly choices?: readonly string[];
}

export interface CompletionCommand {
  readonly name: string;
  readonly description: string;
  readonly options: readonly CompletionOption[];
  /** What its positional arguments are: files (runbooks, dirs), a shell name, one of its subcommands, or nothing. */
  readonly args: 'files' | 'shells' | 'subcommands' | 'none';
  /** Its subcommands (`store migrate`, `store import`): their options are completed as its own. */
  readonly subcommands?: readonly string[];
}

export interface CompletionSpec {
  readonly program: string;
  readonly commands: readonly CompletionCommand[];
}

const FILE_ARGS = /runbook|path|file/i;

export function completionSpec(program: Command): CompletionSpec {
  const commands = program.commands.map((command): CompletionCommand => {
    const first = command.registeredArguments[0]?.name() ?? '';
    // `store migrate --store …`: a subcommand's options, once each, completed after the command ("store" completed nothing).
    const options = new Map([command, ...command.commands].flatMap((c) => c.options).map((o) => [o.long ?? o.short, o] as const));
    const subcommands = command.commands.map((c) => c.name());
    return {
      name: command.name(),
      description: command.description(),
      options: [
        ...[...options.values()].map((o) => ({
          flags: [o.short, o.long].filter((f): f is string => f !== undefined),
          description: o.description,
          takesValue: o.required || o.optional,
          ...(o.argChoices ? { choices: o.argChoices } : {}),
        })),
        { flags: ['-h', '--help'], description: 'display help for command', takesValue: false },
      ],
      args: subcommands.length > 0 ? 'subcommands' : first === 'shell' ? 'shells' : FILE_ARGS.test(first) ? 'files' : 'none',
      ...(subcommands.length > 0 ? { subcommands } : {}),
    };
  });
  return { program: program.name(), commands };
}

/** The words its positional arguments complete to, if they are words (a shell name, a subcommand). */
const argWords = (c: CompletionCommand): readonly string[] | undefined => (c.args === 'shells' ? SHELLS : c.args === 'subcommands' ? c.subcommands : undefined);

export function completionScript(spec: CompletionSpec, shell: Shell): string {
  if (shell === 'bash') return bashScript(spec);
  if (shell === 'zsh') return zshScript(spec);
  return fishScript(spec);
}

const words = (list: readonly string[]) => list.join(' ');
const allFlags = (c: CompletionCommand) => c.options.flatMap((o) => o.flags);
const ident = (name: string) => name.replace(/[^A-Za-z0-9_]/g, '_');
const single = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

function bashScript(spec: CompletionSpec): string {
  const fn = `_${ident(spec.program)}_complete`;
  const valueCases = spec.commands.flatMap((c) =>
    c.options.filter((o) => o.takesValue).map((o) => `    ${c.name}:${o.flags.join(`|${c.name}:`)}) ${o.choices ? `COMPREPLY=($(compgen -W ${single(words(o.choices))} -- "$cur"))` : 'COMPREPLY=($(compgen -f -- "$cur"))'}; return ;;`),
  );
  const optionCases = spec.commands.map((c) => {
    const listed = argWords(c);
    return `    ${c.name}) opts=${single(words(allFlags(c)))}; ${listed === undefined ? `args=${c.args}` : `args=words; choices=${single(words(listed))}`} ;;`;
  });
  return [
    `# ${spec.program} completion for bash. Install: ${spec.program} completion bash > ~/.local/share/bash-completion/completions/${spec.program}`,
    `${fn}() {`,
    '  local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}" cmd="" i opts="" args=none choices=""',
    '  for ((i = 1; i < COMP_CWORD; i++)); do',
    '    case "${COMP_WORDS[i]}" in -*) ;; *) cmd="${COMP_WORDS[i]}"; break ;; esac',
    '  done',
    '  if [[ -z "$cmd" ]]; then',
    `    COMPREPLY=($(compgen -W ${single(words([...spec.commands.map((c) => c.name), '--help', '--version']))} -- "$cur"))`,
    '    return',
    '  fi',
    '  case "$cmd:$prev" in',
    ...valueCases,
    '  esac',
    '  case "$cmd" in',
    ...optionCases,
    '  esac',
    '  if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "$opts" -- "$cur"))',
    '  elif [[ "$args" == words ]]; then COMPREPLY=($(compgen -W "$choices" -- "$cur"))',
    '  elif [[ "$args" == files ]]; then COMPREPLY=($(compgen -f -- "$cur"))',
    '  fi',
    '}',
    `complete -o filenames -o bashdefault -F ${fn} ${spec.program}`,
    '',
  ].join('\n');
}

/** zsh's own spec for one option: `--env[…]:value:` with its choices or files. */
function zshOption(o: CompletionOption): string[] {
  const description = o.description.replace(/[[\]:'\\]/g, ' ').slice(0, 100);
  const value = !o.takesValue ? '' : o.choices ? `:value:(${o.choices.join(' ')})` : ':value:_files';
  const exclusive = o.flags.length > 1 ? `(${o.flags.join(' ')})` : '';
  return o.flags.map((flag) => single(`${exclusive}${flag}[${description}]${value}`));
}

function zshScript(spec: CompletionSpec): string {
  const fn = `_${ident(spec.program)}`;
  const argSpec = (c: CompletionCommand) => (c.args === 'files' ? " '*:file:_files'" : argWords(c) !== undefined ? ` ':${c.args === 'shells' ? 'shell' : 'subcommand'}:(${argWords(c)!.join(' ')})'` : '');
  return [
    `#compdef ${spec.program}`,
    `# ${spec.program} completion for zsh. Install: ${spec.program} completion zsh > "\${fpath[1]}/_${spec.program}" (or any directory on $fpath), then restart zsh`,
    `${fn}() {`,
    '  local context state line',
    "  _arguments -C '(- *)--help[display help]' '(- *)--version[output the version number]' '1:command:->command' '*::arg:->args'",
    '  case $state in',
    '    command)',
    '      local -a commands',
    `      commands=(${spec.commands.map((c) => single(`${c.name}:${c.description.replace(/:/g, ' ')}`)).join(' ')})`,
    "      _describe 'command' commands ;;",
    '    args)',
    '      case $line[1] in',
    ...spec.commands.map((c) => `        ${c.name}) _arguments ${c.options.flatMap(zshOption).join(' ')}${argSpec(c)} ;;`),
    '      esac ;;',
    '  esac',
    '}',
    // Autoloaded from $fpath the file is the function's body, run at the first Tab: complete now.
    // Sourced (`source <(cockpit completion zsh)`): register the function.
    `if [[ "\${funcstack[1]}" == ${fn} ]]; then ${fn} "$@"; else compdef ${fn} ${spec.program}; fi`,
    '',
  ].join('\n');
}

function fishScript(spec: CompletionSpec): string {
  const p = spec.program;
  const lines = [
    `# ${p} completion for fish. Install: ${p} completion fish > ~/.config/fish/completions/${p}.fish`,
    `complete -c ${p} -f`,
    ...spec.commands.map((c) => `complete -c ${p} -n __fish_use_subcommand -a ${c.name} -d ${single(c.description.slice(0, 100))}`),
  ];
  for (const c of spec.commands) {
    const when = `-n ${single(`__fish_seen_subcommand_from ${c.name}`)}`;
    if (c.args === 'files') lines.push(`complete -c ${p} ${when} -F`);
    const listed = argWords(c);
    if (listed !== undefined) lines.push(`complete -c ${p} ${when} -a ${single(words(listed))}`);
    for (const o of c.options) {
      const names = o.flags.map((f) => (f.startsWith('--') ? `-l ${f.slice(2)}` : `-s ${f.slice(1)}`)).join(' ');
      const value = !o.takesValue ? '' : o.choices ? ` -x -a ${single(words(o.choices))}` : ' -r -F';
      lines.push(`complete -c ${p} ${when} ${names}${value} -d ${single(o.description.slice(0, 100))}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
