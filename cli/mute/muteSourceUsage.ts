import { DEFAULT_DATA_DIR } from '../shared/dataSourceUsage';

export const MUTE_SOURCE_USAGE = `Where the mutes are kept (the correlation state table; the local pipeline's data folder unless
--table is given without --data-dir):
  --data-dir DIR          the local pipeline's data folder, through its servers while 'winlog-correlator
                          local' runs on it, else through a DynamoDB stand-in started on it for this
                          command (default: ${DEFAULT_DATA_DIR})
  --table NAME            the deployed correlation state table (credentials and region from the default
                          chain); with --data-dir, the table there (default: the one table)
  --dynamodb-endpoint URL any DynamoDB-compatible server instead of AWS; needs --table
  --region REGION         AWS region (default: from the environment or AWS config)`;
