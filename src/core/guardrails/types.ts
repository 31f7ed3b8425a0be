/**
 * Typed IAM documents as rootctl generates them. A superset of the evaluator's PolicyStatement
 * (resource policies also carry `Principal`), so generated documents can be fed to evaluatePolicy.
 */
import type { Effect } from '../model/policy/evaluate.js';

export type OneOrMany<T> = T | T[];

/** Condition block: operator -> key -> value(s), e.g. { ArnEquals: { 'sts:TaskPolicyArn': [...] } }. */
export type ConditionBlock = Record<string, Record<string, OneOrMany<string>>>;

export interface IamStatement {
  Sid?: string;
  Effect: Effect;
  Principal?: '*' | Record<string, OneOrMany<string>>;
  Action?: OneOrMany<string>;
  NotAction?: OneOrMany<string>;
  Resource?: OneOrMany<string>;
  NotResource?: OneOrMany<string>;
  Condition?: ConditionBlock;
}

export interface IamPolicy {
  Version: '2012-10-17';
  Statement: IamStatement[];
}

/** The three formats generated artifacts come in. */
export const ARTIFACT_FORMATS = ['json', 'cloudformation', 'terraform'] as const;
export type ArtifactFormat = (typeof ARTIFACT_FORMATS)[number];
