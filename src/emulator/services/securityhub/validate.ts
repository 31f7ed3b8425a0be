/**
 * What BatchImportFindings refuses finding by finding (FailedFindings, HTTP 200): a finding missing a
 * required AwsSecurityFinding member or breaking its limits ("InvalidInput", "Finding does not
 * adhere to Amazon Finding Format. data.<member> ...", as a public capture of a live response
 * shows), and, for the account's default product, a finding whose AwsAccountId or ProductArn is not
 * the caller's (API reference: "the identifier of the account that you are calling
 * BatchImportFindings from needs to be the same as the AwsAccountId attribute"). The ErrorCode of
 * the latter is not documented: AccessDeniedException is a guess.
 */
import type { CallContext } from '../types.js';

const REQUIRED: [member: string, max: number][] = [
  ['SchemaVersion', 1024],
  ['Id', 512],
  ['ProductArn', 2048],
  ['GeneratorId', 512],
  ['AwsAccountId', 12],
  ['CreatedAt', 64],
  ['UpdatedAt', 64],
  ['Title', 256],
  ['Description', 1024],
];

const TIMESTAMP =
  /^(\d\d\d\d)-[0-1](\d)-[0-3](\d)[Tt](?:[0-2](\d):[0-5](\d):[0-5](\d)|23:59:60)(?:\.(\d)+)?(?:[Zz]|[+-](\d\d)(?::?(\d\d))?)$/;

const format = (what: string) => ({
  ErrorCode: 'InvalidInput',
  ErrorMessage: `Finding does not adhere to Amazon Finding Format. ${what}`,
});

export function validateFinding(
  raw: unknown,
  ctx: Pick<CallContext, 'accountId' | 'region' | 'world'>,
): { ErrorCode: string; ErrorMessage: string } | undefined {
  if (typeof raw !== 'object' || raw === null) return format('data should be object.');
  const f = raw as Record<string, unknown>;
  for (const [member, max] of REQUIRED) {
    const v = f[member];
    if (typeof v !== 'string' || !/\S/.test(v))
      return format(`data should have required property '${member}'.`);
    if (v.length > max) return format(`data.${member} should NOT be longer than ${max} characters.`);
  }
  for (const t of ['CreatedAt', 'UpdatedAt'])
    if (!TIMESTAMP.test(f[t] as string)) return format(`data.${t} should match format "date-time".`);
  const resources = f.Resources;
  if (!Array.isArray(resources)) return format("data should have required property 'Resources'.");
  if (resources.length < 1) return format('data.Resources should NOT have fewer than 1 items.');
  if (resources.length > 32) return format('data.Resources should NOT have more than 32 items.');
  for (const r of resources as Record<string, unknown>[])
    if (typeof r?.Id !== 'string' || typeof r.Type !== 'string')
      return format("data.Resources[0] should have required properties 'Id' and 'Type'.");
  const account = ctx.accountId;
  const partition = ctx.region.startsWith('cn-')
    ? 'aws-cn'
    : ctx.region.startsWith('us-gov-')
      ? 'aws-us-gov'
      : 'aws';
  const defaultProduct = `arn:${partition}:securityhub:${ctx.region}:${account}:product/${account}/default`;
  if (f.ProductArn !== defaultProduct)
    return {
      ErrorCode: 'AccessDeniedException',
      ErrorMessage: `Account ${account} is not authorized to import findings for product ${String(f.ProductArn)}.`,
    };
  if (f.AwsAccountId !== account)
    return {
      ErrorCode: 'AccessDeniedException',
      ErrorMessage: `Account ${account} is not authorized to import findings for account ${String(f.AwsAccountId)} with the default product.`,
    };
  return undefined;
}
