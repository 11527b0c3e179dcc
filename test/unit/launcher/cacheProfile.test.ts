import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerCommands } from '../../../src/cli/commands/index';
import { CACHED_COMMANDS, cacheProfile } from '../../../src/launcher/cacheProfile';

describe('cacheProfile: which code cache a start uses', () => {
  it.each([
    [['lint', 'runbooks/'], 'lint'],
    [['--no-color', 'status', 'runbooks/checkout-api.yaml', '--json'], 'status'],
    [['drill', 'runbooks/checkout-api.yaml'], 'drill'],
    [['drill', 'runbooks/checkout-api.yaml', '--scenario', 'bad-flag', '--autopilot'], 'drill-autopilot'],
    [['store', 'migrate'], 'store'],
    [['--version'], 'other'],
    [[], 'other'],
    [['stauts'], 'other'],
  ])('%j → %s', (args, profile) => {
    expect(cacheProfile(args)).toBe(profile);
  });

  it('knows every command the CLI has, and no other', () => {
    const program = new Command('cockpit');
    registerCommands(program);
    expect([...CACHED_COMMANDS].sort()).toEqual(program.commands.map((command) => command.name()).sort());
  });
});
