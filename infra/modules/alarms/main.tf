data "aws_region" "current" {}

locals {
  webhook   = var.functions["fn-webhook"]
  collector = var.functions["fn-collector"]
  daily     = var.functions["fn-daily"]

  # The structured log events the functions write at the end of their work (see each fn's
  # src/log-events.ts; infra/tests check these names against the code).
  events = {
    update_handled  = "update.handled"
    scan_completed  = "scan.completed"
    scan_failed     = "scan.failed"
    daily_completed = "daily.completed"
  }

  metrics = {
    updates_handled      = "UpdatesHandled"
    scans_completed      = "ScansCompleted"
    scan_runs_finished   = "ScanRunsFinished"
    daily_runs_succeeded = "DailyRunsSucceeded"
    claude_cost          = "ClaudeCostMicroUsd"
  }

  notify = [aws_sns_topic.alarms.arn]
}

# Not encrypted with the AWS managed SNS key: CloudWatch cannot publish to a topic that key protects.
resource "aws_sns_topic" "alarms" {
  name = "${var.name_prefix}-alarms"
  tags = var.tags
}

resource "aws_sns_topic_subscription" "email" {
  count = var.alarm_email == null ? 0 : 1

  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = var.alarm_email
}
