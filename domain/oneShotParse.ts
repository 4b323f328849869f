/**
 * Options for a schema parsed once per process (settings, rule files): without zod's code generation,
 * which costs more at start-up than it could ever save on a single parse.
 */
export const ONE_SHOT_PARSE = { jitless: true } as const;
