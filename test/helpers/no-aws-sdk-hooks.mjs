// Module hooks for test/cli-startup.test.ts: refuse to load the AWS SDK, so a command that needs it fails.
export async function resolve(specifier, context, next) {
  if (/^@(aws-sdk|smithy)\//.test(specifier)) throw new Error(`the AWS SDK was loaded: ${specifier}`);
  return next(specifier, context);
}
