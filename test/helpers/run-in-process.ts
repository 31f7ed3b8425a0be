/** Kept for tests written against the old path: the one CLI helper is test/support/cli.ts. */
export { runInProcess } from '../support/cli.js';
