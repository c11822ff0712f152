import { randomUUID } from 'node:crypto';

/** What `schedulerEvent` needs; every field has a realistic default. */
export interface SchedulerEventOptions {
  /** When the schedule fired (the event's `time`). Default: now. */
  readonly time?: Date;
  /** The schedule's ARN (the event's only resource). */
  readonly scheduleArn?: string;
  readonly region?: string;
  readonly account?: string;
}

/**
 * The event EventBridge Scheduler delivers to a Lambda target whose schedule sets no input: the
 * envelope of a "Scheduled Event" whose `detail` is the string `"{}"`. (A schedule with an input,
 * as Terraform configures ours, delivers that input, `{}`, instead.) Both mean "the usual run" to
 * fn-collector and fn-daily. Use it to invoke a packaged function as the scheduler would.
 */
export function schedulerEvent(options: SchedulerEventOptions = {}): Record<string, unknown> {
  const region = options.region ?? 'us-east-1';
  const account = options.account ?? '000000000000';
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.scheduler',
    account,
    time: (options.time ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region,
    resources: [options.scheduleArn ?? `arn:aws:scheduler:${region}:${account}:schedule/tradebot-local/run`],
    detail: '{}',
  };
}
