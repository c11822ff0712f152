import { z } from 'zod';

/**
 * The part of a Telegram `Update` the webhook relies on. Unknown fields pass through untouched
 * (Telegram adds fields over time); what the bot reads must have the right type.
 */
export const UpdateSchema = z.looseObject({
  update_id: z.number().int().nonnegative(),
  message: z
    .looseObject({
      message_id: z.number().int(),
      date: z.number().int().nonnegative(),
      chat: z.looseObject({ id: z.number().int(), type: z.string() }),
      text: z.string().max(4096).optional(),
    })
    .optional(),
  /** A tap on an inline button (a fired alert's re-arm button): `data` is at most 64 bytes. */
  callback_query: z
    .looseObject({
      id: z.string().min(1),
      from: z.looseObject({ id: z.number().int() }),
      message: z.looseObject({ message_id: z.number().int(), chat: z.looseObject({ id: z.number().int(), type: z.string() }) }).optional(),
      data: z.string().max(64).optional(),
    })
    .optional(),
});

/** The chat an update belongs to: the message's, or for a button tap the chat of the message it sits on. */
export function updateChatId(update: ValidUpdate): number | undefined {
  return update.message?.chat.id ?? update.callback_query?.message?.chat.id;
}

/** A validated update. */
export type ValidUpdate = z.output<typeof UpdateSchema>;
