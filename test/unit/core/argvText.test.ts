import { describe, expect, it } from 'vitest';
import { argvText } from '../../../src/core/argvText';

describe('argvText', () => {
  it('shows plain words bare and quotes the rest as a shell needs them', () => {
    expect(argvText(['./scripts/db-health.sh', '--service', 'checkout-api'])).toBe('./scripts/db-health.sh --service checkout-api');
    expect(argvText(['echo', 'a b', "it's", ''])).toBe(`echo 'a b' 'it'\\''s' ''`);
  });

  it('escapes control characters visibly, in $\'…\'', () => {
    expect(argvText(['printf', 'x\ny', '\u001b[31m', "q'\\\t"])).toBe(`printf $'x\\ny' $'\\x1b[31m' $'q\\'\\\\\\t'`);
  });
});
