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
});

/** A validated update. */
export type ValidUpdate = z.output<typeof UpdateSchema>;
