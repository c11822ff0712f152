# Figures the bot writes in its own JSON logs, turned into metrics.
locals {
  metric_filters = {
    updates-handled = {
      log_group = local.webhook.log_group_name
      pattern   = "{ $.event = \"${local.events.update_handled}\" }"
      metric    = local.metrics.updates_handled
      value     = "1"
      unit      = "Count"
    }
    scans-completed = {
      log_group = local.collector.log_group_name
      pattern   = "{ $.event = \"${local.events.scan_completed}\" }"
      metric    = local.metrics.scans_completed
      value     = "1"
      unit      = "Count"
    }
    scan-runs-finished = {
      log_group = local.collector.log_group_name
      pattern   = "{ ($.event = \"${local.events.scan_completed}\") || ($.event = \"${local.events.scan_failed}\") }"
      metric    = local.metrics.scan_runs_finished
      value     = "1"
      unit      = "Count"
    }
    daily-runs-succeeded = {
      log_group = local.daily.log_group_name
      pattern   = "{ ($.event = \"${local.events.daily_completed}\") && ($.ok IS TRUE) }"
      metric    = local.metrics.daily_runs_succeeded
      value     = "1"
      unit      = "Count"
    }
    # Claude's cost of each run in millionths of a dollar (an exact integer in the log line).
    claude-cost = {
      log_group = local.daily.log_group_name
      pattern   = "{ $.event = \"${local.events.daily_completed}\" }"
      metric    = local.metrics.claude_cost
      value     = "$.costMicroUsd"
      unit      = "None"
    }
  }
}

resource "aws_cloudwatch_log_metric_filter" "this" {
  for_each = local.metric_filters

  name           = "${var.name_prefix}-${each.key}"
  log_group_name = each.value.log_group
  pattern        = each.value.pattern

  metric_transformation {
    name      = each.value.metric
    namespace = var.metric_namespace
    value     = each.value.value
    unit      = each.value.unit
  }
}
