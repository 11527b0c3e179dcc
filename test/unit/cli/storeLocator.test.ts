import { describe, expect, it } from 'vitest';
import { SettingError } from '../../../src/cli/settingError';
import { LEASE_TTL_ENV, PRESENCE_TTL_ENV, locateStore } from '../../../src/cli/storeLocator';

const URL = 'postgres://cockpit@127.0.0.1:1/never-connected';

describe('the shared store timings from the environment', () => {
  it.each(['abc', '-1', '499', '1.5', '30s', ' ', '1e9'])('%j is refused, naming the variable, never the default in silence', async (value) => {
    for (const name of [LEASE_TTL_ENV, PRESENCE_TTL_ENV]) {
      const located = locateStore(URL, { [name]: value, COCKPIT_DATA_DIR: '/tmp/cockpit-store-locator' });
      await expect(located).rejects.toThrow(SettingError);
      await expect(located).rejects.toThrow(new RegExp(`^${name}=.* is not a time it can take: a whole number of milliseconds, at least 500`));
    }
  });

  it('takes a whole number of milliseconds, and unset or empty as the default', async () => {
    for (const env of [{ [LEASE_TTL_ENV]: '2000', [PRESENCE_TTL_ENV]: '500' }, { [LEASE_TTL_ENV]: '' }, {}]) {
      const located = await locateStore(URL, { ...env, COCKPIT_DATA_DIR: '/tmp/cockpit-store-locator' });
      await located.incidents.close();
    }
  });

  it('is not read for a store that has no leases', async () => {
    const located = await locateStore('/tmp/cockpit-store-locator', { [LEASE_TTL_ENV]: 'abc' });
    await located.incidents.close();
  });
});
