/**
 * Library: send an audit's findings to AWS Security Hub in the calling account (`rootctl audit --to
 * securityhub`). See src/core/continuous/securityhub-sync.ts for what is sent and why.
 */
import { createAwsContext } from '../aws/clients.js';
import { securityHub } from '../aws/securityhub.js';
import type { AuditReport } from '../core/audit/model.js';
import {
  syncSecurityHub,
  type SecurityHubSyncEvent,
  type SecurityHubSyncResult,
} from '../core/continuous/securityhub-sync.js';
import { RootctlError } from '../core/errors.js';
import { classifyAwsFailure, requestTimeoutOf } from './audit.js';
import type { AwsConnection } from './library.js';

export interface SecurityHubExportOptions extends AwsConnection {
  onEvent?: ((event: SecurityHubSyncEvent) => void) | undefined;
}

/**
 * Imports the failing and unknown checks as ACTIVE findings and closes (PASSED / ARCHIVED) the ones
 * Security Hub still holds that now pass. Findings BatchImportFindings refused are in `failed`.
 */
export async function exportToSecurityHub(
  report: AuditReport,
  options: SecurityHubExportOptions = {},
): Promise<SecurityHubSyncResult> {
  const ctx = createAwsContext({
    profile: options.profile,
    region: options.region ?? report.metadata.region,
    endpoint: options.endpoint,
    credentials: options.credentials,
  });
  const hub = securityHub(ctx);
  try {
    return await syncSecurityHub(hub, report, {
      classify: classifyAwsFailure,
      onEvent: options.onEvent,
      requestTimeoutMs: requestTimeoutOf(ctx),
    });
  } catch (e) {
    const cause = (e as { lastError?: unknown }).lastError ?? e;
    throw new RootctlError(
      'AwsError',
      `Security Hub import failed: ${cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)}`,
      {
        cause,
        hint: 'Check that Security Hub is enabled in this account and Region and that the caller may call securityhub:BatchImportFindings and GetFindings.',
      },
    );
  } finally {
    hub.destroy();
    ctx.destroy();
  }
}
