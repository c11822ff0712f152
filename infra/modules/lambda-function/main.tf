# The log group exists before the function, so Lambda never creates one without a retention.
resource "aws_cloudwatch_log_group" "this" {
  name              = "/aws/lambda/${var.function_name}"
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

resource "aws_lambda_function" "this" {
  function_name = var.function_name
  description   = var.description
  role          = aws_iam_role.this.arn

  s3_bucket        = var.s3_bucket
  s3_key           = var.s3_key
  source_code_hash = var.source_code_hash
  handler          = var.handler
  runtime          = var.runtime
  architectures    = [var.architecture]
  layers           = var.layers

  memory_size                    = var.memory_size
  timeout                        = var.timeout
  reserved_concurrent_executions = var.reserved_concurrent_executions

  environment {
    variables = merge(var.environment, { FUNCTION_TIMEOUT_SECONDS = tostring(var.timeout) })
  }

  # JSON log format: pino's JSON lines are kept as they are, so metric filters can match their fields.
  # No log-level filter is set: pino writes numeric levels, which Lambda would read as INFO anyway.
  logging_config {
    log_format = "JSON"
    log_group  = aws_cloudwatch_log_group.this.name
  }

  tracing_config {
    mode = var.tracing_enabled ? "Active" : "PassThrough"
  }

  tags = var.tags

  # The role's policies must exist before the first invocation can log or read anything.
  depends_on = [aws_iam_role_policy.runtime, aws_iam_role_policy.app]
}

resource "aws_lambda_function_event_invoke_config" "this" {
  count = var.async_invocation == null ? 0 : 1

  function_name                = aws_lambda_function.this.function_name
  maximum_retry_attempts       = var.async_invocation.maximum_retry_attempts
  maximum_event_age_in_seconds = var.async_invocation.maximum_event_age_in_seconds

  dynamic "destination_config" {
    for_each = var.async_invocation.on_failure_destination_arn == null ? [] : [var.async_invocation.on_failure_destination_arn]

    content {
      on_failure {
        destination = destination_config.value
      }
    }
  }
}
