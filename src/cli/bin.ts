#!/usr/bin/env node
import { quietSdkNodeWarning } from '../aws/quiet-sdk.js';
import { main } from './main.js';
import { stopSignalExpected } from './stop-signal.js';

quietSdkNodeWarning();
// The reader went away (`rootctl ... | head`): drop further output instead of crashing with a stack
// trace. The command itself goes on to its end, so a change under way is never cut in half.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') throw e;
  });
}
let interrupted = false;
process.on('SIGINT', () => {
  // Ctrl-C as the way to stop (demo --keep-running waiting): the command's own listener ends it.
  if (stopSignalExpected()) return;
  // First Ctrl-C: let the running command finish its current step and write the journal.
  if (interrupted) process.exit(130);
  interrupted = true;
  process.stderr.write('\nrootctl: interrupted; finishing the current step (Ctrl-C again to stop now)\n');
  process.exitCode = 130;
});
const code = await main(process.argv);
process.exitCode = interrupted ? 130 : code;
