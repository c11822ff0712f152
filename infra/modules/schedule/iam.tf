data "aws_iam_policy_document" "assume_role" {
  statement {
    sid     = "SchedulerAssumesTheRole"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["scheduler.amazonaws.com"]
    }

    # Only schedules of this account may use the role (confused-deputy guard).
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_iam_role" "this" {
  name               = "${var.name_prefix}-scheduler"
  description        = "Lets the ${var.name_prefix} schedules invoke their targets and nothing else"
  assume_role_policy = data.aws_iam_policy_document.assume_role.json
  tags               = var.tags
}

data "aws_iam_policy_document" "invoke_targets" {
  statement {
    sid       = "InvokeScheduledFunctions"
    effect    = "Allow"
    actions   = ["lambda:InvokeFunction"]
    resources = local.target_arns
  }

  statement {
    sid       = "SendUndeliveredEventsToDeadLetterQueue"
    effect    = "Allow"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.dead_letter.arn]
  }
}

resource "aws_iam_role_policy" "this" {
  name   = "invoke-targets"
  role   = aws_iam_role.this.id
  policy = data.aws_iam_policy_document.invoke_targets.json
}
