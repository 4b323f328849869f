import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';

/**
 * An S3 client for the adapters. Checksums only when an operation requires them: s3rver (local runs and
 * tests) would otherwise store the aws-chunked framing as object content; on AWS this is harmless.
 * With an endpoint override (AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL, read by the SDK itself), path-style
 * addressing is used, because local S3 stand-ins do not resolve `<bucket>.127.0.0.1`.
 */
export function createS3Client(config: S3ClientConfig = {}, env: NodeJS.ProcessEnv = process.env): S3Client {
  const endpointOverridden = Boolean(config.endpoint ?? env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL);
  return new S3Client({
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(endpointOverridden ? { forcePathStyle: true } : {}),
    ...config,
  });
}
