/**
 * The root user's MFA devices. Deactivating a virtual device unassigns it: it stays in the account
 * (ListVirtualMFADevices AssignmentStatus=Unassigned) until DeleteVirtualMFADevice removes it.
 * Unassigned devices are kept here, beside the World, because the scenario format only knows the
 * devices assigned to root.
 */
import { AwsError } from '../../http-types.js';
import type { QueryInput } from '../../protocols/query.js';
import type { World } from '../../world.js';
import type { CallContext, Operation } from '../types.js';
import {
  iamDate,
  noSuchEntity,
  pagedList,
  ROOT_USER_NAME,
  rootAccountOf,
  rootArn,
  userResource,
} from './root-target.js';

interface UnassignedDevice {
  serialNumber: string;
}

const unassignedByWorld = new WeakMap<World, Map<string, UnassignedDevice[]>>();

function unassigned(world: World, accountId: string): UnassignedDevice[] {
  let byAccount = unassignedByWorld.get(world);
  if (!byAccount) unassignedByWorld.set(world, (byAccount = new Map()));
  let list = byAccount.get(accountId);
  if (!list) byAccount.set(accountId, (list = []));
  return list;
}

/** IAM authorizes DeleteVirtualMFADevice against the device's ARN - which the Delete task policy does not allow. */
function mfaResource(ctx: CallContext, input: QueryInput): string {
  const serial = input.get('SerialNumber') ?? '';
  return serial.startsWith('arn:')
    ? serial
    : `arn:${ctx.world.partition}:iam::${ctx.accountId}:mfa/${serial}`;
}

function requireSerial(input: QueryInput): string {
  const serial = input.require('SerialNumber');
  if (!/^[\w+=/:,.@-]{9,256}$/.test(serial)) {
    throw new AwsError(
      'ValidationError',
      `1 validation error detected: Value '${serial}' at 'serialNumber' failed to satisfy constraint: Member must have length greater than or equal to 9 and match pattern [\\w+=/:,.@-]+`,
      400,
    );
  }
  return serial;
}

export const mfaOperations: Record<string, Operation<QueryInput>> = {
  ListMFADevices: {
    readOnly: true,
    resource: userResource,
    handler(ctx, input) {
      const account = rootAccountOf(ctx, input);
      return pagedList('MFADevices', account.root.mfaDevices, input, 'ListMFADevices', (d) => ({
        UserName: ROOT_USER_NAME,
        SerialNumber: d.serialNumber,
        EnableDate: iamDate(d.enableDate),
      }));
    },
  },
  DeactivateMFADevice: {
    readOnly: false,
    resource: userResource,
    handler(ctx, input) {
      const serial = requireSerial(input);
      const account = rootAccountOf(ctx, input, { rootSessionOnly: true });
      const i = account.root.mfaDevices.findIndex((d) => d.serialNumber === serial);
      if (i < 0) throw noSuchEntity(`MFA Device with serial number ${serial} does not exist.`);
      const [device] = account.root.mfaDevices.splice(i, 1);
      if (device?.virtual) unassigned(ctx.world, account.id).push({ serialNumber: device.serialNumber });
      return undefined;
    },
  },
  ListVirtualMFADevices: {
    readOnly: true,
    handler(ctx, input) {
      const status = input.oneOf('AssignmentStatus', ['Unassigned', 'Any', 'Assigned'] as const) ?? 'Any';
      const account = ctx.world.accounts.get(ctx.accountId);
      const user = {
        Path: '/',
        UserId: ctx.accountId,
        Arn: rootArn(ctx.world.partition, ctx.accountId),
        CreateDate: iamDate(account?.joinedTimestamp ?? ctx.world.now()),
      };
      const assigned = (account?.root.mfaDevices ?? [])
        .filter((d) => d.virtual)
        .map((d) => ({ SerialNumber: d.serialNumber, User: user, EnableDate: iamDate(d.enableDate) }));
      const free = unassigned(ctx.world, ctx.accountId).map((d) => ({ SerialNumber: d.serialNumber }));
      const all = status === 'Assigned' ? assigned : status === 'Unassigned' ? free : [...assigned, ...free];
      return pagedList('VirtualMFADevices', all, input, 'ListVirtualMFADevices');
    },
  },
  DeleteVirtualMFADevice: {
    readOnly: false,
    resource: mfaResource,
    handler(ctx, input) {
      const serial = requireSerial(input);
      const account = ctx.world.accounts.get(ctx.accountId);
      if (account?.root.mfaDevices.some((d) => d.serialNumber === serial && d.virtual)) {
        throw new AwsError(
          'DeleteConflict',
          'MFA Device is still assigned to the root user; deactivate it first.',
          409,
        );
      }
      const free = unassigned(ctx.world, ctx.accountId);
      const i = free.findIndex((d) => d.serialNumber === serial);
      if (i < 0) throw noSuchEntity(`VirtualMFADevice with serial number ${serial} doesn't exist.`);
      free.splice(i, 1);
      return undefined;
    },
  },
};
