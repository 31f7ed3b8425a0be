#!/usr/bin/env node
import { quietSdkNodeWarning } from './quiet-sdk.js';
import { installInterrupts, wasInterrupted } from './interrupt.js';
import { main } from './main.js';

quietSdkNodeWarning();
// The reader went away (`rootctl ... | head`): drop further output instead of crashing with a stack
// trace. The command itself goes on to its end, so a change under way is never cut in half.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') throw e;
  });
}
// Ctrl-C and SIGTERM: one path for every command (see interrupt.ts).
installInterrupts({
  write: (text) => void process.stderr.write(text),
  exit: (code) => process.exit(code),
});
const code = await main(process.argv);
if (wasInterrupted()) {
  // The command has journaled what finished; a call that never answers must not keep the process up.
  process.exitCode = 130;
  setTimeout(() => process.exit(130), 100).unref();
} else process.exitCode = code;
