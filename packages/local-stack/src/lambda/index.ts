export { runLambdaInFreshNode, LambdaRunError, type LambdaRunOptions, type LambdaRunResult, type LambdaInvocation } from './run-lambda';
export { startLambdaStack, type LambdaStack, type LambdaStackAws, type LambdaStackOptions } from './stack';
