import { describe, expect, it } from 'vitest';
import { looksLikeCredentialName } from '../../../src/core/secretNames';

describe('credential-looking environment variable names', () => {
  it.each(['DB_PASSWORD', 'PROM_TOKEN', 'GITHUB_TOKEN', 'GHTOKEN', 'STRIPE_SECRET_KEY', 'AWS_SECRET_ACCESS_KEY', 'API_KEY', 'APIKEY', 'slackApiKey', 'SENTRY_DSN', 'BASIC_AUTH', 'PRIVATE_KEY_PEM', 'GCP_CREDENTIALS', 'SMTP_PASS', 'DBPASSWORD', 'DB_PASS', 'MYSQL_PASS_PROD'])('%s is a secret', (name) => {
    expect(looksLikeCredentialName(name)).toBe(true);
  });

  it.each(['ECS_CLUSTER', 'AWS_REGION', 'PROM_URL', 'SERVICE', 'MONKEY_COUNT', 'KEYSPACE', 'AUTHOR', 'PASSENGER_API_URL', 'TOKENIZER_MODE', 'HOME', 'BYPASS_CACHE', 'TESTS_PASSED'])('%s is plain configuration', (name) => {
    expect(looksLikeCredentialName(name)).toBe(false);
  });
});
