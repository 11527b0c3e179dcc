import { describe, expect, it } from 'vitest';
import { tuiRefusal } from '../../../src/cli/terminal';

const tty = { stdinTTY: true, stdoutTTY: true };

describe('whether the full-screen TUI can be drawn', () => {
  it('a real terminal: yes', () => {
    expect(tuiRefusal('open', { TERM: 'xterm-256color' }, tty)).toBeUndefined();
  });

  it('TERM=dumb: no, even on a TTY, pointing at status', () => {
    expect(tuiRefusal('open', { TERM: 'dumb' }, tty)).toBe('cockpit open: TERM=dumb cannot draw the full-screen cockpit; for a one-shot snapshot use `cockpit status <runbook>`');
    expect(tuiRefusal('drill', { TERM: 'dumb' }, tty)).toMatch(/use --autopilot, or `cockpit status <runbook>`/);
  });

  it('a pipe: no', () => {
    expect(tuiRefusal('drill', {}, { stdinTTY: true, stdoutTTY: false })).toBe('cockpit drill draws a terminal UI and needs a terminal; without one use --autopilot.');
  });
});
