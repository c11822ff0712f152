import { HANDLED_UPDATE_TYPES } from '../../src';
import { botStack, CHAT, type BotStack } from '../helpers/bot-stack';

/** One update of each kind Telegram may deliver to a private bot, from the allowed chat. */
function updateOfType(type: string, updateId: number): Record<string, unknown> {
  const chat = { id: CHAT, type: 'private', first_name: 'Local' };
  const from = { id: CHAT, is_bot: false, first_name: 'Local' };
  const message = { message_id: updateId, date: 1_773_154_800, chat, from, text: '/help', entities: [{ offset: 0, length: 5, type: 'bot_command' }] };
  switch (type) {
    case 'message':
    case 'edited_message':
      return { update_id: updateId, [type]: message };
    case 'channel_post':
      return { update_id: updateId, channel_post: { ...message, chat: { id: -100123, type: 'channel', title: 'c' } } };
    case 'callback_query':
      return { update_id: updateId, callback_query: { id: 'q1', from, chat_instance: 'x', data: 'help', message } };
    default:
      throw new Error(type);
  }
}

describe('Constant: HANDLED_UPDATE_TYPES', () => {
  let stack: BotStack;
  beforeAll(async () => {
    stack = await botStack();
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('names exactly the update types the bot answers, so allowed_updates drops only what it would ignore', async () => {
    // Prepare
    const candidates = ['message', 'edited_message', 'channel_post', 'callback_query'];
    const answered: string[] = [];

    // Act
    for (const [index, type] of candidates.entries()) {
      stack.telegram.clear();
      await stack.bot().handleUpdate(updateOfType(type, 9000 + index) as never);
      if (stack.telegram.calls.some((call) => call.method === 'sendMessage' || call.method === 'answerCallbackQuery')) answered.push(type);
    }

    // Assess
    expect(answered).toEqual([...HANDLED_UPDATE_TYPES]);
  });
});
