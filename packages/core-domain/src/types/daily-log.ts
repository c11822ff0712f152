/**
 * `logs/daily_analysis_YYYY-MM-DD.json`: what the daily analysis did for a local date (prompt, answer,
 * model, tokens, cost, timings, delivery per chat). One per date; a re-run of the same date updates
 * it. The schema is the contract between fn-daily, which writes it, and the `DailyLogRepository`,
 * which refuses to store or return anything else.
 */
import { z } from 'zod';

const UsageSchema = z.object({
  inputTokens: z.number(),
  outputTokens: z.number(),
  cacheReadInputTokens: z.number(),
  cacheCreationInputTokens: z.number(),
});

/** How a chat's analysis went: the model answered, the offline summary was used, Claude failed, or the budget said no. */
export const AnalysisStatus = { Ok: 'ok', Offline: 'offline', Failed: 'failed', SkippedBudget: 'skipped-budget' } as const;
export type AnalysisStatus = (typeof AnalysisStatus)[keyof typeof AnalysisStatus];

const ChatLogSchema = z.object({
  inputs: z.json(),
  prompt: z.object({ system: z.string(), user: z.string() }),
  analysis: z.object({
    status: z.enum(['ok', 'offline', 'failed', 'skipped-budget']),
    model: z.string(),
    answer: z.string().nullable(),
    usage: UsageSchema,
    costUsd: z.string(),
    worstCaseUsd: z.string(),
    stopReason: z.string().nullable(),
    error: z.string().nullable(),
    durationMs: z.number(),
  }),
  /** The exact HTML sent (or to send on retry). */
  message: z.string(),
  delivery: z.object({
    status: z.enum(['pending', 'sent', 'failed']),
    attempts: z.number().int().nonnegative(),
    sentAt: z.string().nullable(),
    error: z.string().nullable(),
  }),
});

/**
 * A day's log. Chats already delivered are left alone by a re-run; the others are composed (or
 * re-sent) and recorded.
 */
export const DailyLogSchema = z.object({
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
  /** Sum of every analysis cost of this date, exact decimal string (read for the monthly budget). */
  totalCostUsd: z.string().regex(/^\d+(\.\d+)?$/, 'a non-negative decimal amount'),
  chats: z.record(z.string(), ChatLogSchema),
});

export type DailyLog = z.infer<typeof DailyLogSchema>;
export type ChatLog = z.infer<typeof ChatLogSchema>;
