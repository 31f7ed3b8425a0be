/**
 * The `endpoint_url` of a named profile. The SDK reads a profile's endpoint_url only for the profile
 * selected by AWS_PROFILE, not for one passed in code - so without this, `--profile x` and
 * `AWS_PROFILE=x` would send calls to different places (the AWS CLI treats them the same).
 * Precedence follows the SDK's: an AWS_ENDPOINT_URL* variable wins, and
 * AWS_IGNORE_CONFIGURED_ENDPOINT_URLS / ignore_configured_endpoint_urls turn configured URLs off.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Minimal INI reading: `[profile name]` (or `[default]`) sections and `key = value` lines. */
export function profileSection(
  text: string,
  profile: string,
  style: 'config' | 'credentials' = 'config',
): Record<string, string> | undefined {
  const wanted =
    style === 'credentials'
      ? new Set([profile])
      : profile === 'default'
        ? new Set(['default', 'profile default'])
        : new Set([`profile ${profile}`]);
  let inside = false;
  let found: Record<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s[#;].*$/, '').trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const section = /^\[\s*(.+?)\s*\]$/.exec(line);
    if (section) {
      inside = wanted.has(section[1]!.replace(/\s+/g, ' '));
      if (inside) found ??= {};
      continue;
    }
    const kv = /^([^=]+?)\s*=\s*(.*)$/.exec(line);
    if (inside && kv && found && !/^\s/.test(raw)) found[kv[1]!.toLowerCase()] = kv[2]!;
  }
  return found;
}

export function profileEndpoint(
  profile: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  if (profile === undefined) return undefined;
  if (Object.keys(env).some((k) => k === 'AWS_ENDPOINT_URL' || k.startsWith('AWS_ENDPOINT_URL_')))
    return undefined;
  if (/^true$/i.test(env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ?? '')) return undefined;
  const section = profileSection(readOrEmpty(configFilePath(env)), profile);
  if (section === undefined || /^true$/i.test(section.ignore_configured_endpoint_urls ?? ''))
    return undefined;
  return section.endpoint_url || undefined;
}

/**
 * The `region` of the profile in use (`profile`, else AWS_PROFILE, else default), as the SDK and the
 * AWS CLI read it when no Region is given on the command line or in the environment.
 */
export function profileRegion(
  profile: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const name = profile ?? (env.AWS_PROFILE || undefined) ?? 'default';
  return profileSection(readOrEmpty(configFilePath(env)), name)?.region || undefined;
}

export function configFilePath(env: NodeJS.ProcessEnv = process.env): string {
  return env.AWS_CONFIG_FILE ?? join(homedir(), '.aws', 'config');
}

export function credentialsFilePath(env: NodeJS.ProcessEnv = process.env): string {
  return env.AWS_SHARED_CREDENTIALS_FILE ?? join(homedir(), '.aws', 'credentials');
}

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/**
 * Whether a named profile is defined in the shared config or credentials file: asked only after
 * the SDK found no credentials, to tell a mistyped profile name from a profile without credentials.
 */
export function profileDefined(profile: string, env: NodeJS.ProcessEnv = process.env): boolean {
  return (
    profileSection(readOrEmpty(configFilePath(env)), profile) !== undefined ||
    profileSection(readOrEmpty(credentialsFilePath(env)), profile, 'credentials') !== undefined
  );
}
