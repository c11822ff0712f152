data "aws_caller_identity" "current" {}

locals {
  target_arns = distinct([for s in values(var.schedules) : s.target_arn])
}

resource "aws_scheduler_schedule_group" "this" {
  name = "${var.name_prefix}-schedules"
  tags = var.tags
}

# Events the scheduler could not deliver and runs Lambda gave up on (the functions' on-failure destination),
# and the stream batches the snapshot writer's event source mapping gave up on (its failure destination).
resource "aws_sqs_queue" "dead_letter" {
  name                      = "${var.name_prefix}-dead-letters"
  message_retention_seconds = var.dead_letter_retention_seconds
  sqs_managed_sse_enabled   = true
  tags                      = var.tags
}

resource "aws_scheduler_schedule" "this" {
  for_each = var.schedules

  name        = "${var.name_prefix}-${each.key}"
  group_name  = aws_scheduler_schedule_group.this.name
  description = each.value.description
  state       = "ENABLED"

  schedule_expression          = each.value.expression
  schedule_expression_timezone = each.value.timezone

  # Exactly at the scheduled minute: the jobs are timed to market hours and the morning message.
  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = each.value.target_arn
    role_arn = aws_iam_role.this.arn
    input    = each.value.input

    retry_policy {
      maximum_retry_attempts       = var.maximum_retry_attempts
      maximum_event_age_in_seconds = var.maximum_event_age_in_seconds
    }

    dead_letter_config {
      arn = aws_sqs_queue.dead_letter.arn
    }
  }
}
