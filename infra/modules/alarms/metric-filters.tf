# Figures the bot writes in its own JSON logs, turned into metrics.

resource "aws_cloudwatch_log_metric_filter" "updates_handled" {
  name           = "${var.name_prefix}-updates-handled"
  log_group_name = local.webhook.log_group_name
  pattern        = "{ $.event = \"${local.events.update_handled}\" }"

  metric_transformation {
    name      = local.metrics.updates_handled
    namespace = var.metric_namespace
    value     = "1"
    unit      = "Count"
  }
}

resource "aws_cloudwatch_log_metric_filter" "scans_completed" {
  name           = "${var.name_prefix}-scans-completed"
  log_group_name = local.collector.log_group_name
  pattern        = "{ $.event = \"${local.events.scan_completed}\" }"

  metric_transformation {
    name      = local.metrics.scans_completed
    namespace = var.metric_namespace
    value     = "1"
    unit      = "Count"
  }
}

resource "aws_cloudwatch_log_metric_filter" "scan_runs_finished" {
  name           = "${var.name_prefix}-scan-runs-finished"
  log_group_name = local.collector.log_group_name
  pattern        = "{ ($.event = \"${local.events.scan_completed}\") || ($.event = \"${local.events.scan_failed}\") }"

  metric_transformation {
    name      = local.metrics.scan_runs_finished
    namespace = var.metric_namespace
    value     = "1"
    unit      = "Count"
  }
}

resource "aws_cloudwatch_log_metric_filter" "daily_runs_succeeded" {
  name           = "${var.name_prefix}-daily-runs-succeeded"
  log_group_name = local.daily.log_group_name
  pattern        = "{ ($.event = \"${local.events.daily_completed}\") && ($.ok IS TRUE) }"

  metric_transformation {
    name      = local.metrics.daily_runs_succeeded
    namespace = var.metric_namespace
    value     = "1"
    unit      = "Count"
  }
}

# Claude's cost of each run in millionths of a dollar (an exact integer in the log line).
resource "aws_cloudwatch_log_metric_filter" "claude_cost" {
  name           = "${var.name_prefix}-claude-cost"
  log_group_name = local.daily.log_group_name
  pattern        = "{ $.event = \"${local.events.daily_completed}\" }"

  metric_transformation {
    name      = local.metrics.claude_cost
    namespace = var.metric_namespace
    value     = "$.costMicroUsd"
    unit      = "None"
  }
}
