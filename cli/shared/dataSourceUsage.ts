/** Where `audit` and `fleet` read from, for their help; no client is loaded with it. */
export const DEFAULT_DATA_DIR = '.local/';
export const DEFAULT_AUDIT_PREFIX = 'audit/';

export const DATA_SOURCE_USAGE = `Where the data is (the local pipeline's data folder unless --bucket or --s3-endpoint is given):
  --data-dir DIR          the local pipeline's data folder, read through an embedded S3 stand-in started
                          on it for this command, or through the servers of 'winlog-correlator local'
                          while it runs on it (default: ${DEFAULT_DATA_DIR})
  --bucket NAME           the audit bucket: on AWS (credentials and region from the default chain), or
                          in --data-dir or at --s3-endpoint (default there: the one bucket with audit data)
  --prefix PREFIX         the audit prefix, ending in '/' (default: ${DEFAULT_AUDIT_PREFIX})
  --s3-endpoint URL       any S3-compatible server (path-style) instead of AWS; needs --bucket
  --region REGION         AWS region (default: from the environment or AWS config)`;
