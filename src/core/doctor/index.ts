/**
 * `doctor`: where the organization stands on centralized root access, read through the ports (no
 * changes, no console output), judged by a pure verdict with one exact next step per gap.
 * To run it on an AwsContext, use `doctor` from src/app/doctor.ts, which builds the ports.
 */
import { gatherFacts } from './gather.js';
import type { DoctorOptions, DoctorPorts, DoctorReport } from './types.js';
import { toReport } from './verdict.js';

export async function doctor(ports: DoctorPorts, options: DoctorOptions = {}): Promise<DoctorReport> {
  return toReport(await gatherFacts(ports, options));
}

export { gatherFacts } from './gather.js';
export { assess, toReport } from './verdict.js';
export { classifyStsEndpoint, regionalStsEndpoint } from './sts-endpoint.js';
export {
  renderDoctor,
  renderDoctorJson,
  renderDoctorTable,
  DOCTOR_OUTPUTS,
  noPaint,
  type DoctorOutput,
  type Painter,
  type PaintColour,
} from './render.js';
export * from './types.js';
