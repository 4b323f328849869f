import { WinlogError } from '../domain/errors/WinlogError';

/** Props or context the stack cannot be built from: `cdk synth` stops with what to change. */
export class StackConfigError extends WinlogError {
  readonly code = 'STACK_CONFIG_INVALID';
}
