/**
 * GetFindings' string filters (AwsSecurityFindingFilters, StringFilter): per field, EQUALS / PREFIX /
 * CONTAINS values are ORed and NOT_EQUALS / PREFIX_NOT_EQUALS / NOT_CONTAINS values ANDed; fields
 * are ANDed (API reference, StringFilter). Only the fields below are modeled; any other filter is
 * refused so a test never believes a filter was applied when it was not.
 */
import { AwsError } from '../../http-types.js';
import type { StoredFinding } from './store.js';

type Getter = (f: StoredFinding) => string[];
const nested =
  (obj: string, key: string): Getter =>
  (f) => {
    const v = (f[obj] as Record<string, unknown> | undefined)?.[key];
    return typeof v === 'string' ? [v] : [];
  };
const top =
  (key: string): Getter =>
  (f) =>
    typeof f[key] === 'string' ? [f[key]] : [];
const resources =
  (key: string): Getter =>
  (f) =>
    ((f.Resources as Record<string, unknown>[] | undefined) ?? [])
      .map((r) => r[key])
      .filter((v): v is string => typeof v === 'string');

const FIELDS: Record<string, Getter> = {
  Id: top('Id'),
  ProductArn: top('ProductArn'),
  GeneratorId: top('GeneratorId'),
  AwsAccountId: top('AwsAccountId'),
  Title: top('Title'),
  RecordState: top('RecordState'),
  ComplianceStatus: nested('Compliance', 'Status'),
  WorkflowStatus: nested('Workflow', 'Status'),
  SeverityLabel: nested('Severity', 'Label'),
  ResourceId: resources('Id'),
  ResourceType: resources('Type'),
};

const POSITIVE = ['EQUALS', 'PREFIX', 'CONTAINS'] as const;
const NEGATIVE = ['NOT_EQUALS', 'PREFIX_NOT_EQUALS', 'NOT_CONTAINS'] as const;
type Comparison = (typeof POSITIVE)[number] | (typeof NEGATIVE)[number];

export interface Filter {
  get: Getter;
  positive: { value: string; comparison: Comparison }[];
  negative: { value: string; comparison: Comparison }[];
}

export function parseFilters(raw: unknown): Filter[] {
  if (raw === undefined || raw === null) return [];
  if (typeof raw !== 'object' || Array.isArray(raw))
    throw new AwsError('InvalidInputException', 'Filters must be an object.', 400);
  const out: Filter[] = [];
  for (const [field, list] of Object.entries(raw as Record<string, unknown>)) {
    const get = FIELDS[field];
    if (!get)
      throw new AwsError(
        'InvalidInputException',
        `The emulator does not model the GetFindings filter ${field}; it models ${Object.keys(FIELDS).join(', ')}.`,
        400,
      );
    if (!Array.isArray(list))
      throw new AwsError('InvalidInputException', `Filter ${field} must be a list.`, 400);
    const filter: Filter = { get, positive: [], negative: [] };
    for (const item of list as { Value?: unknown; Comparison?: unknown }[]) {
      const comparison = item.Comparison as Comparison;
      if (typeof item.Value !== 'string' || ![...POSITIVE, ...NEGATIVE].includes(comparison))
        throw new AwsError('InvalidInputException', `Invalid StringFilter in ${field}.`, 400);
      (NEGATIVE.includes(comparison as (typeof NEGATIVE)[number]) ? filter.negative : filter.positive).push({
        value: item.Value,
        comparison,
      });
    }
    out.push(filter);
  }
  return out;
}

function test(values: string[], value: string, comparison: Comparison): boolean {
  switch (comparison) {
    case 'EQUALS':
      return values.includes(value);
    case 'PREFIX':
      return values.some((v) => v.startsWith(value));
    case 'CONTAINS':
      return values.some((v) => v.includes(value));
    case 'NOT_EQUALS':
      return !values.includes(value);
    case 'PREFIX_NOT_EQUALS':
      return !values.some((v) => v.startsWith(value));
    case 'NOT_CONTAINS':
      return !values.some((v) => v.includes(value));
  }
}

export function filterFindings(all: StoredFinding[], filters: Filter[]): StoredFinding[] {
  return all.filter((f) =>
    filters.every((flt) => {
      const values = flt.get(f);
      const pos = flt.positive.length === 0 || flt.positive.some((p) => test(values, p.value, p.comparison));
      return pos && flt.negative.every((n) => test(values, n.value, n.comparison));
    }),
  );
}
