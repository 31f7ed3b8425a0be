#!/usr/bin/env node
import { quietSdkNodeWarning } from '../aws/quiet-sdk.js';
import { main } from './main.js';

quietSdkNodeWarning();
let interrupted = false;
process.on('SIGINT', () => {
  // First Ctrl-C: let the running command finish its current step and write the journal.
  if (interrupted) process.exit(130);
  interrupted = true;
  process.stderr.write('\nrootctl: interrupted; finishing the current step (Ctrl-C again to stop now)\n');
  process.exitCode = 130;
});
const code = await main(process.argv);
process.exitCode = interrupted ? 130 : code;
