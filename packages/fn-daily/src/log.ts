import { CorruptDocumentError, type Json } from '@tradebot/core-domain';
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
 * `logs/daily_analysis_YYYY-MM-DD.json`. One per local date; a re-run of the same date updates it:
 * chats already delivered are left alone, the others are composed (or re-sent) and recorded.
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
  totalCostUsd: z.string(),
  chats: z.record(z.string(), ChatLogSchema),
});

export type DailyLog = z.infer<typeof DailyLogSchema>;
export type ChatLog = z.infer<typeof ChatLogSchema>;

/** Reads a stored daily log; a log that does not match is corrupt (never overwritten blindly). */
export function parseDailyLog(date: string, raw: Json | null): DailyLog | null {
  if (raw === null) return null;
  const parsed = DailyLogSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new CorruptDocumentError(`logs/daily_analysis_${date}.json`, issues.join('; '));
  }
  return parsed.data;
}

/** The cost recorded in any day's log, tolerant of older or partial logs (0 when absent). */
export function loggedCostUsd(raw: Json | null): string {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return '0';
  const cost = (raw as Record<string, Json>).totalCostUsd;
  return typeof cost === 'string' && /^\d+(\.\d+)?$/.test(cost) ? cost : '0';
}
