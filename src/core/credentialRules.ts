/**
 * Well-known credential formats, modelled on the rule classes of the gitleaks secret scanner
 * (written here from the public descriptions of each provider's token format). A rule either
 * matches the credential itself (a distinctive prefix makes it safe to match anywhere) or a
 * context (a key name, a header) whose value is the secret: then only `group` is redacted, so a
 * reader still sees what was there.
 *
 * False positives are kept low on purpose: git SHAs, ULIDs, UUIDs, ARNs, image digests and
 * incident ids carry none of these prefixes, and bare hex or UUID shaped values (Datadog keys,
 * legacy Heroku keys, Twilio auth tokens) are only taken after a key name that says so.
 */

export interface CredentialRule {
  readonly id: string;
  /** Global, with the `d` flag when `group` is set. */
  readonly re: RegExp;
  /** The capture group holding the secret; the whole match when absent. */
  readonly group?: number;
  /**
   * Text every match contains, or a cheap test every text with a match passes: a rule is not run
   * over text without it (most text has none). A test may pass text without a match, never the
   * other way round.
   */
  readonly hint?: string | ((text: string) => boolean);
}

/** Every key name of SECRET_NAME_WORDS contains one of these (case-insensitive, as the rule is). */
const SECRET_NAME_PARTS = /pass|secret|token|key|credential/i;

/**
 * A credential glued to more letters or digits is part of a longer word. `_` before one is not:
 * names are built that way (`beta_ghp_…`, `TOKEN_xoxb-…`), and no prefix below ends in a word.
 */
const B = String.raw`(?<![A-Za-z0-9])`;
const E = String.raw`(?![A-Za-z0-9_])`;

const token = (id: string, body: string, hint?: string): CredentialRule => ({ id, re: new RegExp(`${B}${body}${E}`, 'g'), ...(hint ? { hint } : {}) });

/**
 * Words that make a key name a secret's name (`DB_PASSWORD`, `api_key`, `client-secret`). Also
 * the test for environment variable names in `envSecrets.ts`, so both agree on what a credential
 * is called.
 */
export const SECRET_NAME_WORDS = [
  'password',
  // `DB_PASS`, `mysql.pass`: the last part of a name (not `bypass`, `passed`, nor prose: "checks did not pass: 5. …");
  // `export DB_PASS=…` was kept.
  '(?<=[_.-])pass(?![a-z])',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'api[_-]?key',
  'apikey',
  'app[_-]?key',
  'access[_-]?key',
  'private[_-]?key',
  'signing[_-]?key',
  'encryption[_-]?key',
  'account[_-]?key',
  'shared[_-]?access[_-]?key',
  'client[_-]?key[_-]?data',
  'credentials?',
  'auth[_-]?key',
  'session[_-]?key',
] as const;

// Starts only where a name can start: tried from inside a long run of name characters, the
// pattern rescanned the run from every position (quadratic: 64,000 letters took 19 s).
const SECRET_KEY_NAME = String.raw`(?<![A-Za-z0-9_.-])[A-Za-z0-9_.-]*(?:${SECRET_NAME_WORDS.join('|')})[A-Za-z0-9_.-]*`;

/** The value after `name = ` / `"name": `: quoted (spaces allowed) or up to a separator. */
const VALUE = String.raw`("[^"\n]*"|'[^'\n]*'|[^\s"',;&]+)`;

export const CREDENTIAL_RULES: readonly CredentialRule[] = [
  // Private keys: the whole PEM block. A block cut off by the end of the text is redacted to
  // the end; an orphan END line (text that starts inside a block) is handled by the matcher.
  {
    id: 'private-key',
    re: /-----BEGIN[ A-Z0-9_-]*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END[ A-Z0-9_-]*PRIVATE KEY(?: BLOCK)?-----|$)/g,
    hint: '-----BEGIN',
  },
  { id: 'putty-private-key', re: /PuTTY-User-Key-File-\d+:[\s\S]*?(?:Private-MAC: [0-9a-f]+|$)/g, hint: 'PuTTY-User-Key-File-' },
  { id: 'age-secret-key', re: new RegExp(`${B}AGE-SECRET-KEY-1[0-9A-Z]{58}${E}`, 'g'), hint: 'AGE-SECRET-KEY-1' },

  // Contexts whose value is the secret.
  { id: 'authorization-header', re: /\b((?:Proxy-)?Authorization"?\s*[:=]\s*"?[A-Za-z-]+\s+)([^\s"',;]+)/dgi, group: 2, hint: (text) => /authorization/i.test(text) },
  { id: 'bearer-token', re: /\b(Bearer\s+)([A-Za-z0-9\-._~+/]{8,}=*)/dg, group: 2, hint: 'Bearer' },
  { id: 'url-credentials', re: /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)([^\s@/]+)@/dgi, group: 2, hint: '://' },
  // "Password:" at the end of a line with the value printed on the next one (prompts, CLIs).
  { id: 'password-next-line', re: /(pass(?:word|wd|phrase)?"?[ \t]*[:=][ \t]*\r?\n[ \t]*)([^\s][^\r\n]*)/dgi, group: 2, hint: (text) => text.includes('\n') && /pass/i.test(text) },
  { id: 'secret-key-value', re: new RegExp(String.raw`(${SECRET_KEY_NAME}"?[ \t]*[=:][ \t]*)${VALUE}`, 'dgi'), group: 2, hint: (text) => SECRET_NAME_PARTS.test(text) },
  { id: 'azure-sas-signature', re: /([?&]sig=)([A-Za-z0-9%+/=]{20,})/dg, group: 2, hint: 'sig=' },

  // Cloud providers.
  token('aws-access-key-id', '(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|AROA|APKA)[A-Z0-9]{16}'),

  // 40 base64 characters with upper, lower and digits: excludes git SHAs (hex) and words.
  {
    id: 'aws-secret-access-key',
    re: /(?<![A-Za-z0-9/+=])(?=[A-Za-z0-9/+]*[A-Z])(?=[A-Za-z0-9/+]*[a-z])(?=[A-Za-z0-9/+]*[0-9])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g,
  },
  token('gcp-api-key', 'AIza[0-9A-Za-z_-]{35}', 'AIza'),
  token('gcp-oauth-refresh-token', '1//0[0-9A-Za-z_-]{40,}', '1//0'),
  token('gcp-oauth-access-token', 'ya29\\.[0-9A-Za-z_-]{30,}', 'ya29.'),
  token('azure-ad-client-secret', '[A-Za-z0-9_~.]{3}\\dQ~[A-Za-z0-9_~.-]{31,34}', 'Q~'),
  token('digitalocean-token', 'do[opr]_v1_[a-f0-9]{64}', '_v1_'),
  token('heroku-api-key', 'HRKU-[A-Za-z0-9_-]{58,}', 'HRKU-'),
  token('alibaba-access-key-id', 'LTAI[A-Za-z0-9]{20}', 'LTAI'),

  // Source forges and package registries.
  { ...token('github-token', 'gh[pousr]_[A-Za-z0-9]{36,255}'), hint: (text) => /gh[pousr]_/.test(text) },
  token('github-fine-grained-pat', 'github_pat_[A-Za-z0-9_]{50,255}', 'github_pat_'),
  token('gitlab-token', 'gl(?:pat|dt|rt|ptt|ft|soat|cbt|imt|oas)-[A-Za-z0-9_-]{20,}', 'gl'),
  token('gitlab-runner-registration-token', 'GR1348941[A-Za-z0-9_-]{20,}', 'GR1348941'),
  token('bitbucket-app-password', 'ATBB[A-Za-z0-9_=.-]{28,}', 'ATBB'),
  token('atlassian-api-token', 'ATATT3[A-Za-z0-9_=-]{100,}', 'ATATT3'),
  token('npm-token', 'npm_[A-Za-z0-9]{36}', 'npm_'),
  token('pypi-token', 'pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}', 'pypi-'),
  token('rubygems-api-key', 'rubygems_[a-f0-9]{48}', 'rubygems_'),
  token('docker-hub-pat', 'dckr_pat_[A-Za-z0-9_-]{27,}', 'dckr_pat_'),
  token('nuget-api-key', 'oy2[a-z0-9]{43}', 'oy2'),

  // Chat, mail and messaging.
  token('slack-token', 'xox[abposr]-(?:[0-9]+-)*[A-Za-z0-9-]{10,}', 'xox'),
  token('slack-config-token', 'xoxe(?:\\.xox[bp])?-\\d-[A-Za-z0-9]{100,}', 'xoxe'),
  token('slack-app-token', 'xapp-\\d-[A-Z0-9]+-\\d+-[a-z0-9]+', 'xapp-'),
  { id: 'slack-webhook', re: /(hooks\.slack\.com\/(?:services|workflows|triggers)\/)([A-Za-z0-9+/_-]{20,})/dg, group: 2, hint: 'hooks.slack.com/' },
  { id: 'discord-webhook', re: /(discord(?:app)?\.com\/api\/webhooks\/\d+\/)([A-Za-z0-9_-]{60,})/dg, group: 2, hint: '/api/webhooks/' },
  // Also right after `/bot` in an API URL, where it is usually printed.
  { id: 'telegram-bot-token', re: new RegExp(`(?:${B}|(?<=bot))\\d{8,10}:AA[A-Za-z0-9_-]{33}${E}`, 'g'), hint: ':AA' },
  token('twilio-api-key', 'SK[0-9a-fA-F]{32}', 'SK'),
  token('sendgrid-api-key', 'SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}', 'SG.'),
  token('mailgun-api-key', 'key-[0-9a-f]{32}', 'key-'),
  token('mailchimp-api-key', '[0-9a-f]{32}-us\\d{1,2}', '-us'),

  // Payments and commerce.
  { ...token('stripe-key', '(?:sk|rk)_(?:live|test|prod)_[A-Za-z0-9]{10,247}'), hint: (text) => /[sr]k_(?:live|test|prod)_/.test(text) },
  token('stripe-webhook-secret', 'whsec_[A-Za-z0-9]{24,}', 'whsec_'),
  token('square-token', 'sq0(?:atp|csp)-[A-Za-z0-9_-]{22,43}', 'sq0'),
  token('shopify-token', 'shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}', 'shp'),

  // AI providers.
  token('anthropic-api-key', 'sk-ant-(?:api|admin|sid)\\d{2}-[A-Za-z0-9_-]{80,}', 'sk-ant-'),
  token('openai-api-key', 'sk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_-]{40,}', 'sk-'),
  token('openai-legacy-api-key', 'sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}', 'T3BlbkFJ'),
  token('openai-user-key', 'sk-[A-Za-z0-9]{48}', 'sk-'),
  token('huggingface-token', 'hf_[A-Za-z]{34}', 'hf_'),

  // Observability and infrastructure.
  token('grafana-token', '(?:glc_[A-Za-z0-9+/]{32,}={0,2}|glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8})', 'gl'),
  token('new-relic-key', 'NR(?:AK|AA|II|JS)-[A-Za-z0-9]{27}', 'NR'),
  token('sentry-token', '(?:sntrys_|sntryu_)[A-Za-z0-9_=+/]{40,}', 'sntry'),
  token('vault-token', 'hv[sb]\\.[A-Za-z0-9_-]{24,}', 'hv'),
  token('terraform-cloud-token', '[A-Za-z0-9]{14}\\.atlasv1\\.[A-Za-z0-9_=-]{60,70}', '.atlasv1.'),
  token('doppler-token', 'dp\\.(?:pt|st|ct|sa|scim|audit)\\.[A-Za-z0-9]{40,44}', 'dp.'),
  token('databricks-token', 'dapi[a-f0-9]{32}(?:-\\d)?', 'dapi'),
  token('pulumi-token', 'pul-[a-f0-9]{40}', 'pul-'),
  token('linear-api-key', 'lin_api_[A-Za-z0-9]{40}', 'lin_api_'),
  token('postman-api-key', 'PMAK-[a-f0-9]{24}-[a-f0-9]{34}', 'PMAK-'),
  token('fly-token', 'fo1_[A-Za-z0-9_-]{43}', 'fo1_'),
  token('supabase-token', 'sbp_[a-f0-9]{40}', 'sbp_'),

  // JSON Web Tokens (three or five dot-separated base64url parts; the header is `{"` encoded).
  token('jwt', 'eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*(?:\\.[A-Za-z0-9_-]*){0,2}', 'eyJ'),
];
