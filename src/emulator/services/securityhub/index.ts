/**
 * Security Hub (restJson1): BatchImportFindings and GetFindings, what `rootctl audit --to
 * securityhub` and the scheduled audit call. Findings live per account and Region (store.ts).
 * Sources: API reference BatchImportFindings / GetFindings / AwsSecurityFinding / AwsSecurityFindingFilters,
 * the securityhub 2018-10-26 model in aws-sdk-js-v3 (paths POST /findings/import and POST /findings).
 */
import { AwsError, type EmuRequest } from '../../http-types.js';
import { parseJsonBody } from '../../protocols/json.js';
import type { CallContext, Operation, ServiceDefinition } from '../types.js';
import { filterFindings, parseFilters } from './filters.js';
import { findingsOf, upsert, type StoredFinding } from './store.js';
import { validateFinding } from './validate.js';

type Input = Record<string, unknown>;

function route(req: EmuRequest): { operation: string; input: unknown } | AwsError {
  const path = req.path.replace(/\/+$/, '');
  if (req.method === 'POST' && path === '/findings/import')
    return { operation: 'BatchImportFindings', input: parseJsonBody(req.body) };
  if (req.method === 'POST' && path === '/findings')
    return { operation: 'GetFindings', input: parseJsonBody(req.body) };
  return new AwsError(
    'UnknownOperationException',
    'The emulator implements Security Hub BatchImportFindings and GetFindings only.',
    404,
  );
}

const invalid = (message: string) => new AwsError('InvalidInputException', message, 400);

const batchImportFindings: Operation<Input> = {
  readOnly: false,
  handler(ctx: CallContext, input: Input) {
    const findings = input.Findings;
    if (!Array.isArray(findings))
      throw invalid(
        "1 validation error detected: Value null at 'findings' failed to satisfy constraint: Member must not be null",
      );
    if (findings.length < 1 || findings.length > 100)
      throw invalid(
        `1 validation error detected: Value at 'findings' failed to satisfy constraint: Member must have length between 1 and 100`,
      );
    ctx.trail.requestParameters = { findingCount: findings.length };
    const store = findingsOf(ctx.world, ctx.accountId, ctx.region);
    const failed: { Id: string; ErrorCode: string; ErrorMessage: string }[] = [];
    const now = ctx.world.now().toISOString();
    for (const raw of findings) {
      const f = raw as StoredFinding;
      const id = typeof f?.Id === 'string' ? f.Id : '';
      const problem = validateFinding(raw, ctx);
      if (problem) failed.push({ Id: id, ...problem });
      else upsert(store, f, now);
    }
    return {
      FailedCount: failed.length,
      SuccessCount: findings.length - failed.length,
      FailedFindings: failed,
    };
  },
};

const getFindings: Operation<Input> = {
  readOnly: true,
  handler(ctx: CallContext, input: Input) {
    const max = input.MaxResults === undefined ? 100 : Number(input.MaxResults);
    if (!Number.isInteger(max) || max < 1 || max > 100)
      throw invalid(
        `1 validation error detected: Value '${String(input.MaxResults)}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100`,
      );
    const filters = parseFilters(input.Filters);
    const all = [...findingsOf(ctx.world, ctx.accountId, ctx.region).values()];
    // Without a RecordState filter both ACTIVE and ARCHIVED findings match (API reference, GetFindings).
    const matching = filterFindings(all, filters);
    const start = decodeToken(input.NextToken);
    const page = matching.slice(start, start + max);
    const next = start + max < matching.length ? encodeToken(start + max) : undefined;
    return { Findings: page, ...(next ? { NextToken: next } : {}) };
  },
};

function decodeToken(token: unknown): number {
  if (token === undefined || token === null || token === '') return 0;
  if (typeof token !== 'string') throw invalid('Invalid NextToken provided.');
  const n = Number(Buffer.from(token, 'base64').toString('utf8').replace(/^sh:/, ''));
  if (!Number.isInteger(n) || n < 0) throw invalid('Invalid NextToken provided.');
  return n;
}

const encodeToken = (n: number) => Buffer.from(`sh:${n}`).toString('base64');

export const securityhub: ServiceDefinition = {
  signingName: 'securityhub',
  protocol: 'rest-json',
  eventSource: 'securityhub.amazonaws.com',
  route,
  operations: {
    BatchImportFindings: batchImportFindings,
    GetFindings: getFindings,
  },
};
