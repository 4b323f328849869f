// The command line run from its TypeScript sources, so tests need no build step (bin/cli.js runs dist/).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
require('tsx/cjs');
require('../../cli/main.ts');
