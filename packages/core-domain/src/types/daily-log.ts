/**
 * `logs/daily_analysis_YYYY-MM-DD.json`: what the daily analysis did for a local date (prompt, answer,
 * model, tokens, cost, timings, delivery per chat). One per date; a re-run of the same date updates
 * it. The schema is the contract between fn-daily, which writes it, and the `DailyLogRepository`,
 * which refuses to store or return anything else.
 */
import { lazily } from '../lazily';
import * as z from '../zod';

/**
 * How a chat's analysis went: the model answered, the offline summary was used, Claude failed, the
 * budget said no, or the chat turned the morning analysis off (`/notify morning off`: no model call).
 */
export const AnalysisStatus = { Ok: 'ok', Offline: 'offline', Failed: 'failed', SkippedBudget: 'skipped-budget', SkippedOff: 'skipped-off' } as const;
export type AnalysisStatus = (typeof AnalysisStatus)[keyof typeof AnalysisStatus];

/**
 * A day's log. Chats already delivered are left alone by a re-run; the others are composed (or
 * re-sent) and recorded. Built on first use (`lazily`): fn-daily writes it on every run, the
 * webhook only reads it for the month's model spend, the collector never; a constant would be built
 * at load in all three (docs/packaging.md).
 */
export const dailyLogSchema = lazily(() => {
  const UsageSchema = z.object({
    inputTokens: z.number(),
    outputTokens: z.number(),
    cacheReadInputTokens: z.number(),
    cacheCreationInputTokens: z.number(),
  });

  const ChatLogSchema = z.object({
    inputs: z.json(),
    prompt: z.object({ system: z.string(), user: z.string() }),
    analysis: z.object({
      status: z.enum(['ok', 'offline', 'failed', 'skipped-budget', 'skipped-off']),
      model: z.string(),
      answer: z.nullable(z.string()),
      usage: UsageSchema,
      costUsd: z.string(),
      worstCaseUsd: z.string(),
      stopReason: z.nullable(z.string()),
      error: z.nullable(z.string()),
      durationMs: z.number(),
    }),
    /** The exact HTML sent (or to send on retry); empty when the chat gets nothing (`delivery.status` `off`). */
    message: z.string(),
    /**
     * The `/notify` kinds the message carries (`morning`, `ruleAlerts`): its sound follows the louder
     * of them. Absent in logs written before `/notify`: the morning kind.
     */
    kinds: z.optional(z.array(z.enum(['morning', 'ruleAlerts']))),
    delivery: z.object({
      /** `off`: the chat turned off every kind the message would carry; nothing is sent. */
      status: z.enum(['pending', 'sent', 'failed', 'off']),
      /** Sent without a sound (`/notify` silent, or quiet hours). */
      silent: z.optional(z.boolean()),
      attempts: z.int().check(z.nonnegative()),
      sentAt: z.nullable(z.string()),
      error: z.nullable(z.string()),
    }),
  });

  return z.object({
    version: z.literal(1),
    date: z.string(),
    timezone: z.string(),
    runs: z.array(
      z.object({
        startedAt: z.string(),
        finishedAt: z.string(),
        durationsMs: z.object({ gather: z.number(), analyse: z.number(), deliver: z.number(), total: z.number() }),
        sent: z.array(z.string()),
        failed: z.array(z.string()),
        notes: z.array(z.string()),
      }),
    ),
    /** The monthly lessons review run on this date (the first market day of a month), per chat. */
    lessons: z.optional(
      z.object({
        month: z.string(),
        status: z.enum(['ok', 'offline', 'failed', 'skipped-budget', 'no-trades']),
        model: z.string(),
        costUsd: z.string(),
        usage: UsageSchema,
        chats: z.record(z.string(), z.object({ trades: z.int().check(z.nonnegative()), patterns: z.int().check(z.nonnegative()) })),
        error: z.nullable(z.string()),
      }),
    ),
    /** Sum of every analysis cost of this date, exact decimal string (read for the monthly budget), the lessons review included. */
    totalCostUsd: z.string().check(z.regex(/^\d+(\.\d+)?$/, 'a non-negative decimal amount')),
    chats: z.record(z.string(), ChatLogSchema),
  });
});

export type DailyLog = z.infer<ReturnType<typeof dailyLogSchema>>;
export type ChatLog = DailyLog['chats'][string];
