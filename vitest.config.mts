import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    env: {
      // The SDK's notice that its 2027 releases need Node 22 says nothing about the code under test.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      // EMF documents on stdout would bury the report; the tests that check metrics turn them back on.
      POWERTOOLS_METRICS_DISABLED: 'true',
    },
  },
});
