import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerCommands } from '../../../src/cli/commands/index';
import { CACHED_COMMANDS, cacheProfile, drawsTheCockpit } from '../../../src/launcher/cacheProfile';

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

describe('drawsTheCockpit: a start that holds the keys before Ink reads them', () => {
  it.each([
    [['drill', 'runbooks/checkout-api.yaml'], true],
    [['--no-color', 'open', 'runbooks/checkout-api.yaml', '--incident', 'inc-1', '--read-only'], true],
    [['drill', 'runbooks/checkout-api.yaml', '--json'], true],
    [['drill', 'runbooks/checkout-api.yaml', '--autopilot'], false],
    [['drill', 'runbooks/checkout-api.yaml', '--init-scenario', 'bad-flag'], false],
    [['drill', 'runbooks/checkout-api.yaml', '--init-scenario=bad-flag'], false],
    [['open', '--help'], false],
    [['drill', '-h'], false],
    [['status', 'runbooks/checkout-api.yaml'], false],
    [['export', 'inc-1'], false],
    [['--version'], false],
    [[], false],
  ])('%j → %s', (args, draws) => {
    expect(drawsTheCockpit(args)).toBe(draws);
  });

  it('the options it prints with are options of drill (the CLI still has them)', () => {
    const program = new Command('cockpit');
    registerCommands(program);
    const drill = program.commands.find((command) => command.name() === 'drill')!;
    const longs = drill.options.map((option) => option.long);
    expect(longs).toEqual(expect.arrayContaining(['--autopilot', '--init-scenario']));
  });
});
