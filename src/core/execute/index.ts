/** The executor: run a remediation plan with a journal, resume it, verify it. */
export { executeDeletions, type ApplyDeps, type ApplyOptions } from './apply.js';
export { DELETE_TASK, journaledStep, errorParts, classifyStepFailure } from './account-runner.js';
export { describeBlock, diagnoseFailure } from './diagnose.js';
export { verifyAccount, type Verification } from './verify.js';
export * from './types.js';
export { renderResultJson, renderResultTable } from './render.js';
