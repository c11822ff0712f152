locals {
  region        = data.aws_region.current.region
  function_keys = ["fn-webhook", "fn-collector", "fn-daily"]

  alarm_arns = concat(
    [for key in local.function_keys : aws_cloudwatch_metric_alarm.function["${key}-errors"].arn],
    [for key in local.function_keys : aws_cloudwatch_metric_alarm.function["${key}-throttles"].arn],
    [for key in local.function_keys : aws_cloudwatch_metric_alarm.function["${key}-duration"].arn],
    [for key in sort(keys(local.stream_alarms)) : aws_cloudwatch_metric_alarm.function[key].arn],
    [
      aws_cloudwatch_metric_alarm.webhook_5xx.arn,
      aws_cloudwatch_metric_alarm.dead_letters.arn,
      aws_cloudwatch_metric_alarm.silence["daily-did-not-run"].arn,
      aws_cloudwatch_composite_alarm.scan_missed.arn,
    ],
  )

  lambda_widgets = [
    for index, metric in ["Invocations", "Errors", "Throttles"] : {
      type   = "metric"
      x      = index * 8
      y      = 6
      width  = 8
      height = 6
      properties = {
        title   = "Lambda ${metric}"
        region  = local.region
        view    = "timeSeries"
        stat    = "Sum"
        period  = 300
        metrics = [for key in local.function_keys : ["AWS/Lambda", metric, "FunctionName", var.functions[key].function_name, { label = key }]]
      }
    }
  ]

  duration_widgets = [
    for index, key in local.function_keys : {
      type   = "metric"
      x      = index * 8
      y      = 12
      width  = 8
      height = 6
      properties = {
        title   = "${key} duration (ms)"
        region  = local.region
        view    = "timeSeries"
        period  = 300
        metrics = [["AWS/Lambda", "Duration", "FunctionName", var.functions[key].function_name, { stat = "Maximum", label = "max" }], ["AWS/Lambda", "Duration", "FunctionName", var.functions[key].function_name, { stat = "Average", label = "average" }]]
        annotations = {
          horizontal = [{ label = "alarm: ${floor(var.duration_alarm_ratio * 100)}% of timeout", value = var.functions[key].timeout_seconds * 1000 * var.duration_alarm_ratio }]
        }
      }
    }
  ]

  widgets = concat(
    [
      {
        type   = "text"
        x      = 0
        y      = 0
        width  = 24
        height = 2
        properties = {
          markdown = "## ${var.name_prefix}\nAlarms, the three functions, the webhook, the dead-letter queue, and the bot's own figures from its logs. What each alarm means: infra/README.md, section Alarms."
        }
      },
      {
        type   = "alarm"
        x      = 0
        y      = 2
        width  = 24
        height = 4
        properties = {
          title  = "Alarms"
          alarms = local.alarm_arns
        }
      },
    ],
    local.lambda_widgets,
    local.duration_widgets,
    [
      {
        type   = "metric"
        x      = 0
        y      = 18
        width  = 12
        height = 6
        properties = {
          title  = "Webhook requests"
          region = local.region
          view   = "timeSeries"
          stat   = "Sum"
          period = 300
          metrics = [
            ["AWS/ApiGateway", "Count", "ApiId", var.http_api_id, "Stage", var.http_api_stage, { label = "requests" }],
            ["AWS/ApiGateway", "4xx", "ApiId", var.http_api_id, "Stage", var.http_api_stage, { label = "4xx" }],
            ["AWS/ApiGateway", "5xx", "ApiId", var.http_api_id, "Stage", var.http_api_stage, { label = "5xx" }],
          ]
        }
      },
      {
        type   = "metric"
        x      = 12
        y      = 18
        width  = 12
        height = 6
        properties = {
          title   = "Dead-letter queue: events waiting"
          region  = local.region
          view    = "timeSeries"
          stat    = "Maximum"
          period  = 300
          metrics = [["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", var.dead_letter_queue_name, { label = "messages" }]]
        }
      },
      {
        type   = "metric"
        x      = 0
        y      = 24
        width  = 8
        height = 6
        properties = {
          title   = "Updates handled per day (commands and messages)"
          region  = local.region
          view    = "bar"
          stat    = "Sum"
          period  = 86400
          metrics = [[var.metric_namespace, local.metrics.updates_handled, { label = "updates" }]]
        }
      },
      {
        type   = "metric"
        x      = 8
        y      = 24
        width  = 8
        height = 6
        properties = {
          title  = "Claude cost per day (USD)"
          region = local.region
          view   = "bar"
          stat   = "Sum"
          period = 86400
          metrics = [
            [{ expression = "micro / 1000000", label = "USD", id = "usd" }],
            [var.metric_namespace, local.metrics.claude_cost, { id = "micro", visible = false }],
          ]
        }
      },
      {
        type   = "metric"
        x      = 16
        y      = 24
        width  = 8
        height = 6
        properties = {
          title  = "Scheduled jobs per day"
          region = local.region
          view   = "bar"
          stat   = "Sum"
          period = 86400
          metrics = [
            [var.metric_namespace, local.metrics.scans_completed, { label = "scans completed" }],
            [var.metric_namespace, local.metrics.scan_runs_finished, { label = "collector runs finished" }],
            [var.metric_namespace, local.metrics.daily_runs_succeeded, { label = "morning analyses delivered" }],
          ]
        }
      },
    ],
    [
      for index, key in sort(keys(var.stream_consumers)) : {
        type   = "metric"
        x      = 0
        y      = 36 + index * 6
        width  = 24
        height = 6
        properties = {
          title  = "${key}: batches, errors and lag behind its stream"
          region = local.region
          view   = "timeSeries"
          period = 300
          metrics = [
            ["AWS/Lambda", "Invocations", "FunctionName", var.stream_consumers[key].function_name, { stat = "Sum", label = "batches" }],
            ["AWS/Lambda", "Errors", "FunctionName", var.stream_consumers[key].function_name, { stat = "Sum", label = "errors" }],
            ["AWS/Lambda", "IteratorAge", "FunctionName", var.stream_consumers[key].function_name, { stat = "Maximum", label = "iterator age (ms)", yAxis = "right" }],
          ]
        }
      }
    ],
    [
      {
        type   = "log"
        x      = 0
        y      = 30
        width  = 24
        height = 6
        properties = {
          title  = "Commands per day, by command"
          region = local.region
          view   = "table"
          query  = "SOURCE '${local.webhook.log_group_name}' | filter event = '${local.events.update_handled}' | fields datefloor(@timestamp, 1d) as day | stats count(*) as updates by day, command | sort day desc"
        }
      },
    ],
  )
}

resource "aws_cloudwatch_dashboard" "this" {
  dashboard_name = "${var.name_prefix}-overview"
  dashboard_body = jsonencode({ widgets = local.widgets })
}
