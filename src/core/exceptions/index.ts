/** Root-task exceptions: open one for a reason and a time, list them, close them (credentials deleted again). */
export * from './rules.js';
export type { ExceptionStorePort, NewException } from './ports.js';
export {
  openException,
  previewException,
  type ExceptionPorts,
  type ExceptionPreview,
  type OpenExceptionRequest,
  type OpenedException,
  type ExceptionRunOptions,
} from './open.js';
export {
  closeExceptions,
  planExceptionClose,
  type ClosePlan,
  type CloseOptions,
  type CloseResult,
  type ExceptionClosePorts,
} from './close.js';
export {
  EXCEPTION_SCHEMA_VERSION,
  exceptionClosed,
  exceptionList,
  exceptionOpened,
  type ExceptionClosed,
  type ExceptionList,
  type ExceptionOpened,
  type ListedException,
} from './documents.js';
