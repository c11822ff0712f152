import * as z from '@tradebot/core-domain/zod';

/**
 * The part of a Telegram `Update` the webhook relies on. Unknown fields pass through untouched
 * (Telegram adds fields over time); what the bot reads must have the right type.
 */
export const UpdateSchema = z.looseObject({
  update_id: z.int().check(z.nonnegative()),
  message: z.optional(
    z.looseObject({
      message_id: z.int(),
      date: z.int().check(z.nonnegative()),
      chat: z.looseObject({ id: z.int(), type: z.string() }),
      text: z.optional(z.string().check(z.maxLength(4096))),
    }),
  ),
  /** A tap on an inline button (a fired alert's re-arm button): `data` is at most 64 bytes. */
  callback_query: z.optional(
    z.looseObject({
      id: z.string().check(z.minLength(1)),
      from: z.looseObject({ id: z.int() }),
      message: z.optional(z.looseObject({ message_id: z.int(), chat: z.looseObject({ id: z.int(), type: z.string() }) })),
      data: z.optional(z.string().check(z.maxLength(64))),
    }),
  ),
});

/** The chat an update belongs to: the message's, or for a button tap the chat of the message it sits on. */
export function updateChatId(update: ValidUpdate): number | undefined {
  return update.message?.chat.id ?? update.callback_query?.message?.chat.id;
}

/** A validated update. */
export type ValidUpdate = z.output<typeof UpdateSchema>;
