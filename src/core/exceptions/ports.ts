/** Where exceptions are kept (implemented on SQLite or PostgreSQL in src/store/exceptions.ts). */
import type { AccountId } from '../model/account-id.js';
import type { ExceptionRecord, ExceptionTask } from './rules.js';

export type NewException = Pick<
  ExceptionRecord,
  | 'accountId'
  | 'task'
  | 'target'
  | 'reason'
  | 'openerArn'
  | 'openedAt'
  | 'expiresAt'
  | 'savedPolicy'
  | 'openRunId'
>;

export interface ExceptionStorePort {
  /** Records an exception as open; committed before the change it allows is made. */
  insert(e: NewException): Promise<number>;
  /** Open (including overdue) exceptions of an account. */
  openFor(accountId: AccountId): Promise<ExceptionRecord[]>;
  findOpen(accountId: AccountId, task: ExceptionTask, target: string): Promise<ExceptionRecord | undefined>;
  close(
    ids: readonly number[],
    info: { closedAt: string; closedBy: string; runId?: string | undefined; note?: string | undefined },
  ): Promise<void>;
  list(options?: { includeClosed?: boolean }): Promise<ExceptionRecord[]>;
}
