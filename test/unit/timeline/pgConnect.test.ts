import { describe, expect, it } from 'vitest';
import { describePgError, isUnreachable, pgTarget } from '../../../src/timeline/postgres/pgConnect';

const target = pgTarget('postgres://bob:s3cret@db.example:5432/cockpit', {});

function socketError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('describePgError', () => {
  it('names a socket error once: Node already ends its message with the code', () => {
    expect(describePgError(target, socketError('read ECONNRESET', 'ECONNRESET'))).toBe('read ECONNRESET');
    expect(describePgError(target, socketError('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'))).toBe('connect ECONNREFUSED 127.0.0.1:5432');
  });

  it("adds PostgreSQL's SQLSTATE, which its messages leave out", () => {
    expect(describePgError(target, socketError('the database system is shutting down', '57P03'))).toBe('the database system is shutting down (57P03)');
  });

  // A team's first try on a new database: the raw error said nothing of `store migrate`.
  it('says what to run when the cockpit tables were never made', () => {
    expect(describePgError(target, socketError('relation "cockpit_incidents" does not exist', '42P01'))).toBe('relation "cockpit_incidents" does not exist (42P01): the database has no cockpit tables yet (run `cockpit store migrate` with this --store once)');
  });

  it('never says the password', () => {
    expect(describePgError(target, new Error('password authentication failed: s3cret'))).toBe('password authentication failed: ***');
  });

  it('counts a reset socket as the store being out of reach', () => {
    expect(isUnreachable(socketError('read ECONNRESET', 'ECONNRESET'))).toBe(true);
  });
});
