import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { profileDefined, profileEndpoint, profileSection } from './profile-endpoint.js';

const CONFIG = [
  '[default]',
  'region = us-east-1',
  '',
  '[profile management]',
  'region = us-east-1',
  'endpoint_url = http://127.0.0.1:4566',
  '',
  '[profile real]',
  'region = eu-west-1',
  '',
  '[profile off]',
  'endpoint_url = http://127.0.0.1:1',
  'ignore_configured_endpoint_urls = true',
  '',
].join('\n');

describe('profileEndpoint', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rootctl-profile-'));
  const file = join(dir, 'config');
  writeFileSync(file, CONFIG);
  const env = { AWS_CONFIG_FILE: file };

  it("returns the named profile's endpoint_url", () => {
    expect(profileEndpoint('management', env)).toBe('http://127.0.0.1:4566');
  });

  it('returns nothing for a profile without one, an unknown profile, or no profile', () => {
    expect(profileEndpoint('real', env)).toBeUndefined();
    expect(profileEndpoint('nope', env)).toBeUndefined();
    expect(profileEndpoint(undefined, env)).toBeUndefined();
  });

  it('leaves the endpoint to the SDK when an AWS_ENDPOINT_URL variable is set or endpoints are ignored', () => {
    expect(profileEndpoint('management', { ...env, AWS_ENDPOINT_URL: 'http://x' })).toBeUndefined();
    expect(profileEndpoint('management', { ...env, AWS_ENDPOINT_URL_STS: 'http://x' })).toBeUndefined();
    expect(
      profileEndpoint('management', { ...env, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' }),
    ).toBeUndefined();
    expect(profileEndpoint('off', env)).toBeUndefined();
  });

  it('reads [default] for the default profile and skips nested keys', () => {
    expect(
      profileSection('[default]\nregion = x\ns3 =\n  endpoint_url = http://nested\n', 'default'),
    ).toEqual({ region: 'x', s3: '' });
  });

  it('returns nothing when the config file is missing', () => {
    expect(profileEndpoint('management', { AWS_CONFIG_FILE: join(dir, 'missing') })).toBeUndefined();
  });
});

describe('profileDefined', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rootctl-profiles-'));
  const config = join(dir, 'config');
  const credentials = join(dir, 'credentials');
  writeFileSync(config, CONFIG);
  writeFileSync(
    credentials,
    '[keys-only]\naws_access_key_id = AKIAEXAMPLE\n[profile not-a-credentials-name]\n',
  );
  const env = { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: credentials };

  it('finds a profile in the config file ([profile x], [default]) or the credentials file ([x])', () => {
    for (const p of ['management', 'default', 'keys-only']) expect(profileDefined(p, env), p).toBe(true);
  });

  it('does not find a mistyped name, nor a credentials-file section written the config way', () => {
    expect(profileDefined('managment', env)).toBe(false);
    expect(profileDefined('not-a-credentials-name', env)).toBe(false);
    expect(
      profileDefined('management', {
        AWS_CONFIG_FILE: join(dir, 'none'),
        AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'),
      }),
    ).toBe(false);
  });
});
