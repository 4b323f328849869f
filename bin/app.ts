import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { WinlogError } from '../domain/errors/WinlogError';
import { WinlogCorrelatorStack } from '../lib/WinlogCorrelatorStack';
import { watchContextKeys } from '../lib/watchContextKeys';
import { winlogCorrelatorPropsFromContext } from '../lib/winlogCorrelatorPropsFromContext';

try {
  const app = new App();
  const contextKeys = watchContextKeys(app);
  const stackName: unknown = app.node.tryGetContext('stackName');
  new WinlogCorrelatorStack(
    app,
    typeof stackName === 'string' && stackName !== '' ? stackName : 'WinlogCorrelator',
    {
      ...winlogCorrelatorPropsFromContext(app.node),
      description: 'winlog-correlator: Windows event log ingestion, correlation and incident alerting',
      env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
    },
  );
  contextKeys.check();
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  app.synth();
} catch (error) {
  // A setting to change is said as such, without a stack trace; anything else is a bug and shows one.
  if (!(error instanceof WinlogError)) throw error;
  process.stderr.write(`winlog-correlator: ${error.message}\n`);
  process.exitCode = 1;
}
