export { runLambdaInFreshNode, type LambdaRunOptions, type LambdaRunResult } from './run-lambda';
export {
  startLambdaInstance,
  lambdaEnvironment,
  LambdaRunError,
  type LambdaConfiguration,
  type LambdaInstance,
  type LambdaInvocation,
  type InstanceState,
  type InvokeOptions,
} from './instance';
export { createLocalFunction, type LocalLambdaFunction, type LocalFunctionOptions } from './function';
export { schedulerEvent, type SchedulerEventOptions } from './events';
export { startLambdaStack, type LambdaStack, type LambdaStackAws, type LambdaStackOptions } from './stack';
export { startFaultProxy, shiftAmzDate, type FaultProxy, type FaultProxyOptions, type HeldRequest, type ProxiedRequest } from './fault-proxy';
