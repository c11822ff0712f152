# What each alarm means and what to do is in infra/README.md ("Alarms").

locals {
  # Per function: errors and throttles should stay at zero; the longest invocation should stay
  # below duration_alarm_ratio of the timeout.
  function_alarms = merge([
    for key, fn in var.functions : {
      "${key}-errors" = {
        function_name = fn.function_name
        metric        = "Errors"
        statistic     = "Sum"
        threshold     = 0
        description   = "${fn.function_name} ended an invocation with an error (uncaught exception, crash or timeout). Read its log group ${fn.log_group_name}."
      }
      "${key}-throttles" = {
        function_name = fn.function_name
        metric        = "Throttles"
        statistic     = "Sum"
        threshold     = 0
        description   = "Lambda refused to run ${fn.function_name} for lack of concurrency: updates or scheduled runs were delayed or dropped."
      }
      "${key}-duration" = {
        function_name = fn.function_name
        metric        = "Duration"
        statistic     = "Maximum"
        threshold     = fn.timeout_seconds * 1000 * var.duration_alarm_ratio
        description   = "An invocation of ${fn.function_name} took more than ${floor(var.duration_alarm_ratio * 100)}% of its ${fn.timeout_seconds} s timeout: it is close to being cut off."
      }
    }
  ]...)
}

# Per stream consumer: errors (a crash or a timeout: the batch is retried whole) and its lag behind
# the stream. A batch whose records it returns as failures is no error; the lag shows it instead, as
# the mapping retries those records and holds the shard's later ones behind them.
locals {
  stream_alarms = merge([
    for key, consumer in var.stream_consumers : {
      "${key}-errors" = {
        function_name = consumer.function_name
        metric        = "Errors"
        statistic     = "Sum"
        threshold     = 0
        description   = "${consumer.function_name} ended a batch of its DynamoDB stream with an error (uncaught exception, crash or timeout); the mapping retries the batch. Read its log group ${consumer.log_group_name}."
      }
      "${key}-iterator-age" = {
        function_name = consumer.function_name
        metric        = "IteratorAge"
        statistic     = "Maximum"
        threshold     = consumer.max_iterator_age_seconds * 1000
        description   = "${consumer.function_name} runs more than ${consumer.max_iterator_age_seconds} s behind its DynamoDB stream (usually well under a second): its batches keep failing and are retried, or it is throttled. What it writes is that stale. Read its log group ${consumer.log_group_name}."
      }
    }
  ]...)
}

resource "aws_cloudwatch_metric_alarm" "function" {
  for_each = merge(local.function_alarms, local.stream_alarms)

  alarm_name          = "${var.name_prefix}-${each.key}"
  alarm_description   = each.value.description
  namespace           = "AWS/Lambda"
  metric_name         = each.value.metric
  dimensions          = { FunctionName = each.value.function_name }
  statistic           = each.value.statistic
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = each.value.threshold
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.notify
  ok_actions          = local.notify
  tags                = var.tags
}

resource "aws_cloudwatch_metric_alarm" "webhook_5xx" {
  alarm_name          = "${var.name_prefix}-webhook-5xx"
  alarm_description   = "The webhook answered Telegram with a 5xx (secrets unreadable, function error or timeout). Telegram retries and holds the chat's later updates until it gets a 200."
  namespace           = "AWS/ApiGateway"
  metric_name         = "5xx"
  dimensions          = { ApiId = var.http_api_id, Stage = var.http_api_stage }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.notify
  ok_actions          = local.notify
  tags                = var.tags
}

resource "aws_cloudwatch_metric_alarm" "dead_letters" {
  alarm_name          = "${var.name_prefix}-dead-letters"
  alarm_description   = "A scheduled run was never delivered or failed after all retries, or a stream consumer gave a batch up after its retries: the event (or the batch's description) is in ${var.dead_letter_queue_name}. Read it, fix the cause, then delete it."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = var.dead_letter_queue_name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.notify
  ok_actions          = local.notify
  tags                = var.tags
}

# "Nothing happened for N hours": one datapoint per hour, all N of them missing or zero. Missing
# data counts as breaching, which is the point: a job that never runs writes no log line.
#
# "The scan did not run on a market day" is two facts at once, so it is a composite alarm:
# (1) no scan completed in the last 26 hours (scan-none-in-26h below), and (2) this morning's
# scheduled runs have all finished (scan_attempts_done). (1) alone also holds every Sunday and
# Monday, when no scan is scheduled; (2) alone holds on every healthy market day. Neither notifies.
locals {
  silence_alarms = {
    daily-did-not-run = {
      metric      = local.metrics.daily_runs_succeeded
      hours       = var.daily_max_silence_hours
      notify      = true
      description = "No morning analysis completed for every chat in the last ${var.daily_max_silence_hours} hours (the schedule did not fire, the run failed, or a chat's delivery keeps failing)."
    }
    scan-none-in-26h = {
      metric      = local.metrics.scans_completed
      hours       = 26
      notify      = false
      description = "Part of ${var.name_prefix}-scan-missed (no notification on its own): no drawdown scan completed in the last 26 hours. Expected on Sundays and Mondays."
    }
  }
}

resource "aws_cloudwatch_metric_alarm" "silence" {
  for_each = local.silence_alarms

  alarm_name          = "${var.name_prefix}-${each.key}"
  alarm_description   = each.value.description
  namespace           = var.metric_namespace
  metric_name         = each.value.metric
  statistic           = "Sum"
  period              = 3600
  evaluation_periods  = each.value.hours
  datapoints_to_alarm = each.value.hours
  comparison_operator = "LessThanThreshold"
  threshold           = 1
  treat_missing_data  = "breaching"
  alarm_actions       = each.value.notify ? local.notify : []
  ok_actions          = each.value.notify ? local.notify : []
  tags                = var.tags

  depends_on = [aws_cloudwatch_log_metric_filter.this]
}

resource "aws_cloudwatch_metric_alarm" "scan_attempts_done" {
  alarm_name          = "${var.name_prefix}-scan-attempts-done"
  alarm_description   = "Part of ${var.name_prefix}-scan-missed (no notification on its own): ${var.collector_attempts_per_day} collector runs finished in the last ${var.collector_attempts_window_hours} hours, i.e. this morning's run and its retry are over."
  namespace           = var.metric_namespace
  metric_name         = local.metrics.scan_runs_finished
  statistic           = "Sum"
  period              = var.collector_attempts_window_hours * 3600
  evaluation_periods  = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  threshold           = var.collector_attempts_per_day
  treat_missing_data  = "notBreaching"
  tags                = var.tags

  depends_on = [aws_cloudwatch_log_metric_filter.this]
}

resource "aws_cloudwatch_composite_alarm" "scan_missed" {
  alarm_name        = "${var.name_prefix}-scan-missed"
  alarm_description = "A market morning's collector runs (06:00 and the 07:30 retry, New York) all finished and none saved a scan: /scan and the morning analysis use an older scan. Read the collector's log group ${local.collector.log_group_name}; a crashed run shows in the collector's errors alarm instead."
  alarm_rule        = "ALARM(\"${aws_cloudwatch_metric_alarm.silence["scan-none-in-26h"].alarm_name}\") AND ALARM(\"${aws_cloudwatch_metric_alarm.scan_attempts_done.alarm_name}\")"
  tags              = var.tags

  # No OK notification: the alarm clears by itself once the morning's runs leave the window, which
  # says nothing about whether the scan was made up.
  alarm_actions = local.notify
}
