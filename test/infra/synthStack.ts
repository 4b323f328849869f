import { Template } from 'aws-cdk-lib/assertions';
import { WinlogCorrelatorStack, type WinlogCorrelatorStackProps } from '../../lib/WinlogCorrelatorStack';
import { createTestApp } from './createTestApp';

/** Synthesizes one stack (no bundling, no cdk-nag) and returns it with its template. */
export function synthStack(
  props: WinlogCorrelatorStackProps = {},
  context: Record<string, unknown> = {},
): { stack: WinlogCorrelatorStack; template: Template } {
  const app = createTestApp(context);
  const stack = new WinlogCorrelatorStack(app, 'Test', props);
  return { stack, template: Template.fromStack(stack) };
}

/** The logical ID of the single resource of `type` whose ID starts with `prefix`. */
export function logicalIdOf(template: Template, type: string, prefix: string): string {
  const ids = Object.keys(template.findResources(type)).filter((id) => id.startsWith(prefix));
  if (ids.length !== 1)
    throw new Error(`expected one ${type} starting with ${prefix}, found ${ids.join(', ')}`);
  return ids[0] as string;
}
