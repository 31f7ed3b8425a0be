/**
 * Writes standard AWS `config` and `credentials` files for the scenario's principals, so any AWS
 * tool (the SDKs, the AWS CLI, rootctl) can use the emulator unchanged:
 *   AWS_CONFIG_FILE=DIR/config AWS_SHARED_CREDENTIALS_FILE=DIR/credentials AWS_PROFILE=security
 * These are sandbox keys that only the emulator accepts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Scenario } from './schema.js';

export interface ProfileFiles {
  configFile: string;
  credentialsFile: string;
  profiles: string[];
}

export function writeProfiles(scenario: Scenario, dir: string, endpointUrl: string): ProfileFiles {
  mkdirSync(dir, { recursive: true });
  const config: string[] = [];
  const credentials: string[] = [];
  const profiles: string[] = [];
  for (const p of scenario.principals) {
    if (p.profile === undefined) continue;
    profiles.push(p.profile);
    config.push(
      `[profile ${p.profile}]`,
      `region = ${scenario.region}`,
      `endpoint_url = ${endpointUrl}`,
      'output = json',
      '',
    );
    credentials.push(
      `[${p.profile}]`,
      `aws_access_key_id = ${p.accessKeyId}`,
      `aws_secret_access_key = ${p.secretAccessKey}`,
    );
    if (p.sessionToken !== undefined) credentials.push(`aws_session_token = ${p.sessionToken}`);
    credentials.push('');
  }
  const configFile = join(dir, 'config');
  const credentialsFile = join(dir, 'credentials');
  writeFileSync(configFile, config.join('\n'), { mode: 0o600 });
  writeFileSync(credentialsFile, credentials.join('\n'), { mode: 0o600 });
  return { configFile, credentialsFile, profiles };
}

/** The environment lines a user pastes into a shell to point AWS tools at the emulator. */
export function profileEnvLines(files: ProfileFiles, profile = 'security'): string[] {
  return [
    `export AWS_CONFIG_FILE=${shellQuote(files.configFile)}`,
    `export AWS_SHARED_CREDENTIALS_FILE=${shellQuote(files.credentialsFile)}`,
    `export AWS_PROFILE=${shellQuote(profile)}`,
  ];
}

/** A value as a POSIX shell word: unchanged when it is safe bare, else in single quotes. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}
