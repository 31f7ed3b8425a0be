/**
 * The AWS SDK prints a multi-line NodeVersionSupportWarning on every start under Node 20. rootctl
 * supports Node 20 on purpose, so users should not see that noise. The SDK reads this switch
 * when the first client is constructed; the user's own explicit setting wins.
 *
 * Only the CLI entry (bin.ts) calls this: the process is rootctl's own there. The library never
 * changes its host's environment (the host's own SDK clients would be silenced too);
 * test/library-env.test.ts checks that.
 */
export function quietSdkNodeWarning(): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}
