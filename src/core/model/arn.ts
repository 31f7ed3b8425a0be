/** ARN helpers that never hard-code the partition. */

export type Partition = 'aws' | 'aws-cn' | 'aws-us-gov';

export function partitionForRegion(region: string): Partition {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

export function rootUserArn(partition: Partition, accountId: string): string {
  return `arn:${partition}:iam::${accountId}:root`;
}

export interface ParsedArn {
  partition: string;
  service: string;
  region: string;
  accountId: string;
  resource: string;
}

const ARN = /^arn:(aws|aws-cn|aws-us-gov):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|aws)?:(.+)$/;

export function parseArn(value: string): ParsedArn | undefined {
  const m = ARN.exec(value);
  if (!m) return undefined;
  return { partition: m[1]!, service: m[2]!, region: m[3]!, accountId: m[4] ?? '', resource: m[5]! };
}

/** The account an ARN belongs to, or undefined. */
export function accountOfArn(value: string): string | undefined {
  return parseArn(value)?.accountId || undefined;
}

/** The organization's partition, from its ARN (arn:aws-us-gov:organizations::...); 'aws' when unknown. */
export function orgPartition(org: { arn?: string | undefined }): Partition {
  const p = org.arn === undefined ? undefined : parseArn(org.arn)?.partition;
  return p === 'aws-cn' || p === 'aws-us-gov' ? p : 'aws';
}
