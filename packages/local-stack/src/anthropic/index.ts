export {
  startAnthropicServer,
  scriptedLessonsAnswer,
  type AnthropicServer,
  type AnthropicServerMode,
  type AnthropicServerOptions,
  type RecordedAnthropicRequest,
} from './server';
export { SCRIPTED_NOTES, CURRENT_TOKENIZER_FACTOR, scriptedAnswer, wordCount, type ScriptedNote } from './scripted-notes';
