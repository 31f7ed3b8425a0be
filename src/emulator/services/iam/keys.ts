/** The root user's access keys and signing certificates: list, last use, delete (and UpdateAccessKey, which no task policy allows). */
import type { QueryInput } from '../../protocols/query.js';
import type { Operation } from '../types.js';
import {
  iamDate,
  noSuchEntity,
  pagedList,
  ROOT_USER_NAME,
  rootAccountOf,
  userResource,
} from './root-target.js';

const keyAbsent = (id: string) => noSuchEntity(`The Access Key with id ${id} cannot be found.`);

export const keyOperations: Record<string, Operation<QueryInput>> = {
  ListAccessKeys: {
    readOnly: true,
    resource: userResource,
    handler(ctx, input) {
      const account = rootAccountOf(ctx, input);
      return pagedList('AccessKeyMetadata', account.root.accessKeys, input, 'ListAccessKeys', (k) => ({
        UserName: ROOT_USER_NAME,
        AccessKeyId: k.id,
        Status: k.status,
        CreateDate: iamDate(k.createDate),
      }));
    },
  },
  GetAccessKeyLastUsed: {
    readOnly: true,
    resource: userResource,
    handler(ctx, input) {
      const id = input.require('AccessKeyId');
      const account = rootAccountOf(ctx, input);
      const key = account.root.accessKeys.find((k) => k.id === id);
      // AWS models no error here; an unknown key id is answered with NoSuchEntity (assumption).
      if (!key) throw keyAbsent(id);
      const used = key.lastUsed;
      return {
        UserName: ROOT_USER_NAME,
        AccessKeyLastUsed: used
          ? { LastUsedDate: iamDate(used.date), ServiceName: used.service, Region: used.region }
          : { ServiceName: 'N/A', Region: 'N/A' },
      };
    },
  },
  DeleteAccessKey: {
    readOnly: false,
    resource: userResource,
    handler(ctx, input) {
      const id = input.require('AccessKeyId');
      const account = rootAccountOf(ctx, input);
      const i = account.root.accessKeys.findIndex((k) => k.id === id);
      if (i < 0) throw keyAbsent(id);
      account.root.accessKeys.splice(i, 1);
      return undefined;
    },
  },
  UpdateAccessKey: {
    readOnly: false,
    resource: userResource,
    handler(ctx, input) {
      const id = input.require('AccessKeyId');
      input.require('Status');
      const status = input.oneOf('Status', ['Active', 'Inactive'] as const)!;
      const key = rootAccountOf(ctx, input).root.accessKeys.find((k) => k.id === id);
      if (!key) throw keyAbsent(id);
      key.status = status;
      return undefined;
    },
  },
  ListSigningCertificates: {
    readOnly: true,
    resource: userResource,
    handler(ctx, input) {
      const account = rootAccountOf(ctx, input);
      return pagedList(
        'Certificates',
        account.root.signingCertificates,
        input,
        'ListSigningCertificates',
        (c) => ({
          UserName: ROOT_USER_NAME,
          CertificateId: c.id,
          CertificateBody: c.body,
          Status: c.status,
          UploadDate: iamDate(c.uploadDate),
        }),
      );
    },
  },
  DeleteSigningCertificate: {
    readOnly: false,
    resource: userResource,
    handler(ctx, input) {
      const id = input.require('CertificateId');
      const account = rootAccountOf(ctx, input);
      const i = account.root.signingCertificates.findIndex((c) => c.id === id);
      if (i < 0) throw noSuchEntity(`The Certificate with id ${id} cannot be found.`);
      account.root.signingCertificates.splice(i, 1);
      return undefined;
    },
  },
};
