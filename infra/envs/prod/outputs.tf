output "webhook_url" {
  description = "URL to register with Telegram (setWebhook, with the webhook-secret-token parameter as secret_token)."
  value       = module.webhook_api.url
}

output "function_names" {
  description = "Lambda function name of each package."
  value = {
    "fn-webhook"   = module.webhook.function_name
    "fn-collector" = module.collector.function_name
    "fn-daily"     = module.daily.function_name
  }
}

output "artifacts_bucket" {
  description = "Bucket the deploy pipeline uploads lambda/<function>/<sha256>.zip to (created by scripts/bootstrap, adopted here)."
  value       = module.artifacts_bucket.name
}

output "data_bucket" {
  description = "The bot's data bucket (DATA_BUCKET)."
  value       = module.data_bucket.name
}

output "table_name" {
  description = "The DynamoDB table (TABLE_NAME)."
  value       = module.ledger_table.name
}

output "ssm_prefix" {
  description = "Parameter Store path of the secrets (SSM_PREFIX), e.g. /tradebot/prod."
  value       = module.secrets.ssm_prefix
}

output "stage" {
  description = "The stage these outputs belong to; the scripts refuse the outputs of another stage."
  value       = var.stage
}

output "ssm_parameter_names" {
  description = "SecureString parameters scripts/put-secrets must create (values never pass through Terraform)."
  value       = module.secrets.parameter_names
}

output "schedule_names" {
  description = "EventBridge Scheduler schedules, by short name."
  value       = module.schedules.schedule_names
}

output "dead_letter_queue_url" {
  description = "Queue holding scheduled events that were not delivered or whose runs failed after retries."
  value       = module.schedules.dead_letter_queue_url
}

output "alarm_topic_arn" {
  description = "SNS topic of every alarm."
  value       = module.alarms.topic_arn
}

output "dashboard_name" {
  description = "CloudWatch dashboard of the stack."
  value       = module.alarms.dashboard_name
}
