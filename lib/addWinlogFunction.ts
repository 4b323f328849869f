import * as path from 'node:path';
import { type Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { metricCatalogue } from '../domain/metrics/metricCatalogue';

const PROJECT_ROOT = path.join(__dirname, '..');

/** Where `rules/` lands in a deployment package that carries them (the bundle root is /var/task). */
export const RULES_PATH = '/var/task/rules';

export interface WinlogFunctionProps {
  /** The handler file under `lambdas/`, e.g. `ingest/handler.ts`. */
  readonly handler: string;
  readonly description: string;
  readonly roleDescription: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  /** @default - unreserved */
  readonly reservedConcurrentExecutions?: number;
  /** The function's own variables; the Powertools and source-map settings are added. */
  readonly environment: Record<string, string>;
  /** @default logs.RetentionDays.ONE_YEAR */
  readonly logRetention?: logs.RetentionDays;
  /** Copy `rules/` beside the bundle (RULES_PATH). @default false */
  readonly withRules?: boolean;
}

export interface WinlogFunction {
  readonly function: nodejs.NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
}

/**
 * One of the project's functions in `scope` (as `LogGroup`, `Role` and `Function`): Node.js 24 on
 * ARM64, bundled by esbuild from the project's sources, logging to a log group kept on delete, with a
 * role of its own that can write those logs and nothing else until the caller grants more.
 */
export function addWinlogFunction(scope: Construct, props: WinlogFunctionProps): WinlogFunction {
  const logGroup = new logs.LogGroup(scope, 'LogGroup', {
    retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const role = new iam.Role(scope, 'Role', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: props.roleDescription,
  });
  logGroup.grantWrite(role);
  const fn = new nodejs.NodejsFunction(scope, 'Function', {
    entry: path.join(PROJECT_ROOT, 'lambdas', props.handler),
    handler: 'handler',
    projectRoot: PROJECT_ROOT,
    depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
    runtime: lambda.Runtime.NODEJS_24_X,
    architecture: lambda.Architecture.ARM_64,
    memorySize: props.memorySize,
    timeout: props.timeout,
    role,
    logGroup,
    reservedConcurrentExecutions: props.reservedConcurrentExecutions,
    description: props.description,
    environment: {
      ...props.environment,
      POWERTOOLS_SERVICE_NAME: metricCatalogue.service,
      POWERTOOLS_METRICS_NAMESPACE: metricCatalogue.namespace,
      POWERTOOLS_LOG_LEVEL: 'INFO',
      NODE_OPTIONS: '--enable-source-maps',
    },
    bundling: {
      minify: true,
      sourceMap: true,
      target: 'node24',
      format: nodejs.OutputFormat.CJS,
      ...(props.withRules ? { commandHooks: copyRulesBesideBundle } : {}),
    },
  });
  return { function: fn, role, logGroup };
}

const copyRulesBesideBundle: nodejs.ICommandHooks = {
  beforeBundling: () => [],
  beforeInstall: () => [],
  afterBundling: (inputDir: string, outputDir: string) => [
    `cp -R ${shellQuote(path.join(inputDir, 'rules'))} ${shellQuote(path.join(outputDir, 'rules'))}`,
  ],
};

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}
