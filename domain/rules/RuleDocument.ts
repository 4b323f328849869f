import { z } from 'zod';
import { compileRulePattern } from './compileRulePattern';
import { checkDuration } from './parseDuration';

const fieldRef = z
  .string()
  .min(1)
  .describe(
    "'message', 'anyData', 'messageOrData', 'provider', 'channel', 'paramN' (named or Nth positional value) or a named data field",
  );

const leafCondition = z
  .object({
    field: fieldRef,
    equals: z.string().min(1).optional(),
    contains: z.string().min(1).optional(),
    matches: z
      .string()
      .min(1)
      .superRefine((pattern, ctx) => {
        const compiled = compileRulePattern(pattern);
        if (!compiled.ok) ctx.addIssue({ code: 'custom', message: compiled.problem });
      })
      .optional(),
  })
  .strict()
  .refine((c) => [c.equals, c.contains, c.matches].filter((op) => op !== undefined).length === 1, {
    message: 'needs exactly one of equals, contains, matches',
  });

export type LeafCondition = z.infer<typeof leafCondition>;

export type Condition =
  | LeafCondition
  | { readonly anyOf: readonly Condition[] }
  | { readonly allOf: readonly Condition[] }
  | { readonly firstPresent: readonly LeafCondition[] }
  | { readonly not: Condition };

const condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    leafCondition,
    z.object({ anyOf: z.array(condition).min(1) }).strict(),
    z.object({ allOf: z.array(condition).min(1) }).strict(),
    z.object({ firstPresent: z.array(leafCondition).min(1) }).strict(),
    z.object({ not: condition }).strict(),
  ]),
);

const windowDuration = z.string().superRefine((text, ctx) => {
  const checked = checkDuration('window', text);
  if (!checked.ok) ctx.addIssue({ code: 'custom', message: checked.problem });
});

const eventMatcher = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case words joined by hyphens'),
    description: z.string().min(1).optional(),
    eventIds: z.array(z.number().int().min(0).max(0xffff)).min(1),
    providers: z.array(z.string().min(1)).min(1),
    channels: z.array(z.string().min(1)).min(1).optional(),
    match: condition.optional(),
  })
  .strict();

const resolutionMatcher = eventMatcher.omit({ name: true }).strict();

export const ruleDocumentSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'must be 1-64 letters, digits, - or _'),
    version: z.number().int().min(1),
    title: z.string().min(1).max(90),
    severity: z.enum(['critical', 'high', 'medium', 'low']),
    kb: z.object({ id: z.string().min(1), url: z.url().optional() }).strict(),
    window: windowDuration,
    steps: z.array(eventMatcher).min(2).max(8),
    resolution: resolutionMatcher.optional(),
    remediation: z.string().min(1),
    smsAction: z.string().min(1).max(40),
  })
  .strict()
  .superRefine((rule, ctx) => {
    const names = new Set<string>();
    rule.steps.forEach((step, index) => {
      if (names.has(step.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['steps', index, 'name'],
          message: `duplicates '${step.name}'`,
        });
      }
      names.add(step.name);
    });
  });

export type RuleDocument = z.infer<typeof ruleDocumentSchema>;
export type EventMatcherDocument = z.infer<typeof eventMatcher>;
