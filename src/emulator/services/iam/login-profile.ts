/**
 * The root user's console password (login profile): GetLoginProfile tells whether it exists,
 * DeleteLoginProfile removes it, CreateLoginProfile without a Password is "allow password recovery".
 */
import { AwsError } from '../../http-types.js';
import type { QueryInput } from '../../protocols/query.js';
import type { Operation } from '../types.js';
import { iamDate, noSuchEntity, rootAccountOf, userResource } from './root-target.js';

/** The root's login profile has no UserName (live AWS answers in root sessions; docs/emulator.md). */
const profileShape = (createDate: string) => ({
  CreateDate: iamDate(createDate),
  PasswordResetRequired: false,
});
/** AWS's wording in a root session, "null" included (live capture; docs/emulator.md). */
const absent = () => noSuchEntity('Login Profile for User null cannot be found.');

export const loginProfileOperations: Record<string, Operation<QueryInput>> = {
  GetLoginProfile: {
    readOnly: true,
    resource: userResource,
    handler(ctx, input) {
      const account = rootAccountOf(ctx, input, { rootSessionOnly: true });
      if (account.root.password === null) throw absent();
      return { LoginProfile: profileShape(account.root.password.createDate) };
    },
  },
  CreateLoginProfile: {
    readOnly: false,
    resource: userResource,
    handler(ctx, input) {
      // CloudTrail never shows a password (AWS writes HIDDEN_DUE_TO_SECURITY_REASONS).
      const params = input.toRequestParameters();
      if (params && 'password' in params) params.password = 'HIDDEN_DUE_TO_SECURITY_REASONS';
      ctx.trail.requestParameters = params;
      const account = rootAccountOf(ctx, input, { rootSessionOnly: true });
      // The model: Password "must be omitted when you make the request with an AssumeRoot session".
      // The error code for sending one anyway is not documented; ValidationError is assumed.
      if (input.get('Password') !== undefined) {
        throw new AwsError(
          'ValidationError',
          'Password must be omitted when calling CreateLoginProfile in an AssumeRoot session.',
          400,
        );
      }
      if (account.root.password !== null)
        throw new AwsError(
          'EntityAlreadyExists',
          `Login Profile for account ${account.id} already exists.`,
          409,
        );
      // A login profile with no password: the owner of the root mailbox sets one via "Forgot password".
      const createDate = iamDate(ctx.world.now());
      account.root.password = { createDate };
      return { LoginProfile: profileShape(createDate) };
    },
  },
  DeleteLoginProfile: {
    readOnly: false,
    resource: userResource,
    handler(ctx, input) {
      const account = rootAccountOf(ctx, input, { rootSessionOnly: true });
      if (account.root.password === null) throw absent();
      account.root.password = null;
      return undefined;
    },
  },
};
