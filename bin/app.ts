import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { WinlogCorrelatorStack } from '../lib/WinlogCorrelatorStack';
import { winlogCorrelatorPropsFromContext } from '../lib/winlogCorrelatorPropsFromContext';

const app = new App();
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
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
