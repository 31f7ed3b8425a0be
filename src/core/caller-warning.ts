/**
 * The management-account warning of every command that acts: routine root tasks should run from the
 * IAM delegated administrator once one exists (AWS: "we recommend that you use the delegated
 * administrator account for ... root access management tasks"), keeping the management account's
 * credentials out of daily use. doctor reports it as a finding; remediate and exception warn.
 */
import { IAM_SERVICE_PRINCIPAL } from './model/task-policies.js';
import type { IdentityPort, OrganizationsReader } from './ports.js';

/** One line when the caller is the management account and an IAM delegated administrator exists. */
export async function managementCallerWarning(ports: {
  identity: IdentityPort;
  organizations: Pick<OrganizationsReader, 'describeOrganization' | 'listDelegatedAdministrators'>;
}): Promise<string | undefined> {
  try {
    const [who, org] = await Promise.all([
      ports.identity.whoAmI(),
      ports.organizations.describeOrganization(),
    ]);
    if (who.accountId !== org.managementAccountId) return undefined;
    const admins = await ports.organizations.listDelegatedAdministrators(IAM_SERVICE_PRINCIPAL);
    const admin = admins[0];
    if (!admin) return undefined;
    return (
      `running from the management account ${org.managementAccountId} while ${admin.id}` +
      `${admin.name ? ` (${admin.name})` : ''} is the IAM delegated administrator; run routine root tasks from the delegated administrator (e.g. --profile security).`
    );
  } catch {
    // A warning only: a caller that cannot read these facts gets the command's own errors instead.
    return undefined;
  }
}
