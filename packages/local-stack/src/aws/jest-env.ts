/** Environment variables through which jest's global setup hands the embedded servers to test workers. */
export const TEST_S3_ENDPOINT_ENV = 'TRADEBOT_TEST_S3_ENDPOINT';
/** See `TEST_S3_ENDPOINT_ENV`. */
export const TEST_DYNAMODB_ENDPOINT_ENV = 'TRADEBOT_TEST_DYNAMODB_ENDPOINT';
