/**
 * The unmodified AWS CLI (`aws`) run against the emulator with only the AWS_* variables a test
 * gives it. Asynchronous on purpose: the emulator runs in the test's process, so a synchronous spawn
 * would deadlock it. `awsCliVersion` is undefined where `aws` is not installed (tests skip, saying so).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export const awsCliVersion: string | undefined = await exec('aws', ['--version'], { encoding: 'utf8' }).then(
  (r) => (r.stdout || r.stderr).trim(),
  () => undefined,
);

export async function awsCli(args: string[], awsEnv: Record<string, string>): Promise<CliResult> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      (e): e is [string, string] => !e[0].startsWith('AWS_') && e[1] !== undefined,
    ),
  );
  const env = { ...inherited, AWS_PAGER: '', AWS_EC2_METADATA_DISABLED: 'true', ...awsEnv };
  try {
    const r = await exec('aws', [...args, '--output', 'json'], { env, encoding: 'utf8', timeout: 60_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof err.code === 'number' ? err.code : 1,
      stdout: err.stdout ?? '',
      stderr: err.stderr ?? '',
    };
  }
}

/** The environment for `aws` signing with these credentials against the emulator at `url`. */
export function cliEnv(
  url: string,
  creds: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
  region = 'us-east-1',
): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: url,
    AWS_ACCESS_KEY_ID: creds.accessKeyId,
    AWS_SECRET_ACCESS_KEY: creds.secretAccessKey,
    AWS_DEFAULT_REGION: region,
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    ...(creds.sessionToken ? { AWS_SESSION_TOKEN: creds.sessionToken } : {}),
  };
}
