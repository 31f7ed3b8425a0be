/** Every top-level command, one file each, in the order `--help` shows them. */
import type { CommandSpec } from '../main.js';
import { demoCommand } from './demo.js';
import { doctorCommand } from './doctor.js';
import { setupCommand } from './setup.js';
import { auditCommand } from './audit.js';
import { historyCommand } from './history.js';
import { remediateCommand } from './remediate.js';
import { journalCommand } from './journal.js';
import { evidenceCommand } from './evidence.js';
import { exceptionCommand } from './exception.js';
import { dbCommand } from './db.js';
import { guardrailsCommand } from './guardrails.js';
import { deployCommand } from './deploy.js';
import { activityCommand } from './activity.js';
import { emulatorCommand } from './emulator.js';
import { completionCommand } from './completion.js';

export const COMMANDS: CommandSpec[] = [
  demoCommand,
  doctorCommand,
  setupCommand,
  auditCommand,
  historyCommand,
  remediateCommand,
  journalCommand,
  evidenceCommand,
  exceptionCommand,
  dbCommand,
  guardrailsCommand,
  deployCommand,
  activityCommand,
  emulatorCommand,
  completionCommand,
];
