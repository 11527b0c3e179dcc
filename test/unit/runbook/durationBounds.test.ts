import { describe, expect, it } from 'vitest';
import { problemsOf, variant } from '../../support/runbookText';

describe('durations are bounded where a runbook sets them (issue #11)', () => {
  it('a step timeout over 24h', () => {
    expect(problemsOf(variant('timeout: 30s }', 'timeout: 25d }'))).toEqual([
      '26:96: first_actions[1].run.timeout: 25d is longer than 24h, the longest a command may run',
    ]);
  });

  it('a zero step timeout', () => {
    expect(problemsOf(variant('timeout: 30s }', 'timeout: 0s }'))).toEqual(['26:96: first_actions[1].run.timeout: a timeout must be longer than 0s']);
  });

  it('a verify window over 24h', () => {
    expect(problemsOf(variant('for: 10m }', 'for: 2d }'))).toEqual(['30:54: recovery[0].verify.for: 2d is longer than 24h, the longest a verify step may watch']);
  });

  it('an SLO period over 365 days', () => {
    expect(problemsOf(variant('period: 30d', 'period: 400d'))).toEqual(['12:13: slos[0].period: 400d is longer than 365d, the longest SLO period']);
  });

  it('a burn-rate window longer than 30 days', () => {
    expect(problemsOf(variant('long: 1h', 'long: 31d'))).toEqual(['18:51: rollback.triggers[0].long: 31d is longer than 30d, the longest burn-rate window']);
  });

  it('a status page reminder over 24h', () => {
    expect(problemsOf(`${variant('x', 'x')}communication: { channel: "#inc", status_page_after: 2d }\n`)).toEqual([
      '31:54: communication.status_page_after: 2d is longer than 24h, the longest reminder delay',
    ]);
  });

  it('a number too large to be exact is not a duration', () => {
    expect(problemsOf(variant('timeout: 30s }', 'timeout: 99999999999999999999s }'))).toEqual([
      expect.stringMatching(/^26:96: first_actions\[1\]\.run\.timeout: /),
    ]);
  });
});

describe('durations in the built-in plugins’ settings are bounded too', () => {
  it('an ECS stable_timeout over 24h', () => {
    expect(problemsOf(variant('region: us-east-1 }', 'region: us-east-1, stable_timeout: 30d }'))).toEqual([
      expect.stringMatching(/^6:\d+: providers\.deploys\.stable_timeout: 30d is longer than 24h/),
    ]);
  });

  it('a Prometheus timeout over 24h', () => {
    expect(problemsOf(variant('url: "http://prometheus.internal:9090" }', 'url: "http://prometheus.internal:9090", timeout: 25d }'))).toEqual([
      expect.stringMatching(/^8:\d+: providers\.slo\.timeout: 25d is longer than 24h/),
    ]);
  });
});
