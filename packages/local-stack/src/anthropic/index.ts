export {
  startAnthropicServer,
  scriptedLessonsAnswer,
  type AnthropicServer,
  type AnthropicServerMode,
  type AnthropicServerOptions,
  type RecordedAnthropicRequest,
} from './server';
