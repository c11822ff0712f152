export { runLambdaInFreshNode, LambdaRunError, type LambdaRunOptions, type LambdaRunResult, type LambdaInvocation } from './run-lambda';
