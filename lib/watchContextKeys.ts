import { Annotations, type App } from 'aws-cdk-lib';
import { StackConfigError } from './StackConfigError';

/**
 * Context keys that belong to the CDK (feature flags, lookups cached in cdk.context.json, its own
 * settings): never ours to judge, read or not.
 */
const CDK_KEY = /^(@|aws:|aws-cdk|cdk|acknowledged-issue-numbers)|:/;

/** How far a key may be from a setting's name and still be taken for a misspelling of it. */
const MAX_TYPO_DISTANCE = 2;

/**
 * Watches which context keys the app reads while the stack is built (every setting is read, set or
 * not, and lookups from any construct end at the app's node). `check`, called once the stack is built,
 * stops on a key that misspells a setting (`alertEmail` for `alertEmails` would deploy a topic without
 * its subscriber, and nothing would say so) and warns about any other key nothing read.
 */
export function watchContextKeys(app: App): { check(): void } {
  const read = new Set<string>();
  const node = app.node;
  const tryGetContext = node.tryGetContext.bind(node);
  node.tryGetContext = (key: string) => {
    read.add(key);
    return tryGetContext(key);
  };
  return {
    check() {
      const unread = Object.keys(node.getAllContext()).filter((key) => !read.has(key) && !CDK_KEY.test(key));
      const settings = [...read].filter((key) => !CDK_KEY.test(key));
      const typos = unread.flatMap((key) => {
        const meant = closestSetting(key, settings);
        return meant === undefined ? [] : [`'${key}' (did you mean '${meant}'?)`];
      });
      if (typos.length > 0)
        throw new StackConfigError(`unknown context key ${typos.join(', ')}: nothing reads it`);
      for (const key of unread)
        Annotations.of(app).addWarningV2(
          'winlog-correlator:unknownContextKey',
          `context key '${key}' is no winlog-correlator setting and is ignored`,
        );
    },
  };
}

function closestSetting(key: string, settings: readonly string[]): string | undefined {
  let best: { setting: string; distance: number } | undefined;
  for (const setting of settings) {
    const distance = editDistance(key.toLowerCase(), setting.toLowerCase());
    if (distance <= MAX_TYPO_DISTANCE && (best === undefined || distance < best.distance))
      best = { setting, distance };
  }
  return best?.setting;
}

/** Levenshtein distance: insertions, deletions and substitutions. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(substitution, (previous[j] as number) + 1, (current[j - 1] as number) + 1));
    }
    previous = current;
  }
  return previous[b.length] as number;
}
