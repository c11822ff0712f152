data "aws_caller_identity" "current" {}

locals {
  # "tradebot" is fixed, not an input: the deploy role may only manage tradebot-<stage>-* names
  # (scripts/lib/deploy-policy.ts) and the scripts read secrets under /tradebot/<stage>.
  name       = "tradebot-${var.stage}"
  ssm_prefix = "/tradebot/${var.stage}"
  account_id = data.aws_caller_identity.current.account_id

  # Memory and timeout of each function; infra/README.md explains the choices.
  sizing = {
    "fn-webhook"          = { memory_size = 512, timeout = 25 }
    "fn-webhook-snapshot" = { memory_size = 256, timeout = 30 }
    "fn-collector"        = { memory_size = 256, timeout = 900 }
    "fn-daily"            = { memory_size = 256, timeout = 180 }
  }

  # "HH:MM" -> cron fields of EventBridge Scheduler (minute hour day-of-month month day-of-week year).
  collector_cron       = "cron(${tonumber(split(":", var.collector_time)[1])} ${tonumber(split(":", var.collector_time)[0])} ? * TUE-SAT *)"
  collector_retry_cron = "cron(${tonumber(split(":", var.collector_retry_time)[1])} ${tonumber(split(":", var.collector_retry_time)[0])} ? * TUE-SAT *)"
  daily_cron           = "cron(${tonumber(split(":", var.daily_schedule_time)[1])} ${tonumber(split(":", var.daily_schedule_time)[0])} * * ? *)"
}

# scripts/bootstrap creates the artifacts bucket, because the packages must be in it before the
# first apply creates the functions. Terraform adopts it (a no-op once it is in the state) and
# manages its settings like the data bucket's.
import {
  to = module.artifacts_bucket.aws_s3_bucket.this
  id = var.artifacts_bucket
}

module "artifacts_bucket" {
  source = "../../modules/s3-bucket"

  bucket                             = var.artifacts_bucket
  purpose                            = "Lambda zips, lambda/<function>/<sha256>.zip, uploaded by the deploy pipeline"
  noncurrent_version_expiration_days = var.noncurrent_version_days
  # No expiration: a zip is content-addressed and stays for rollbacks (pnpm rollback lists them);
  # Terraform needs the deployed one again whenever it re-creates a function.
}

module "data_bucket" {
  source = "../../modules/s3-bucket"

  bucket                             = "${local.name}-data-${local.account_id}"
  purpose                            = "The bot's documents, scans, price cache and daily logs (docs/storage.md)"
  noncurrent_version_expiration_days = var.noncurrent_version_days
  expiration_rules = [
    { id = "daily-analysis-logs", prefix = "logs/daily_analysis_", days = var.daily_log_retention_days },
    # Dated CSVs only: "scans/drawdown/2" matches 2026-11-20.csv but not latest.json.
    { id = "dated-scans", prefix = "scans/drawdown/2", days = var.scan_csv_retention_days },
    { id = "dated-partial-scans", prefix = "scans/drawdown/partial/2", days = var.scan_csv_retention_days },
  ]
}

module "ledger_table" {
  source = "../../modules/ledger-table"

  name = "${local.name}-ledger"
  # The positions snapshot writer's source: it needs only the keys of what changed, and reads the
  # ledger again (a record delivered twice, late or out of order then changes nothing).
  stream_view_type = "KEYS_ONLY"
}

module "secrets" {
  source = "../../modules/secrets"

  ssm_prefix  = local.ssm_prefix
  kms_key_arn = var.ssm_kms_key_arn
}

# The chart renderer (resvg's WebAssembly) and its fonts: too large for a function's zip, shared as a
# layer (fn-webhook for /chart, fn-daily for the morning chart). Lambda extracts it under /opt (the code
# reads /opt/charts on the first chart only).
resource "aws_lambda_layer_version" "charts" {
  layer_name               = "${local.name}-charts"
  description              = "resvg (WebAssembly) and Roboto fonts for /chart and the morning chart"
  s3_bucket                = module.artifacts_bucket.name
  s3_key                   = var.lambda_layers["layer-charts"].s3_key
  source_code_hash         = var.lambda_layers["layer-charts"].source_code_hash
  compatible_runtimes      = ["nodejs22.x"]
  compatible_architectures = ["arm64"]
  license_info             = "MPL-2.0 AND OFL-1.1"
}

module "webhook" {
  source = "../../modules/lambda-function"

  function_name      = "${local.name}-fn-webhook"
  description        = "Telegram webhook: commands, trade journal, replies"
  s3_bucket          = module.artifacts_bucket.name
  s3_key             = var.lambda_packages["fn-webhook"].s3_key
  source_code_hash   = var.lambda_packages["fn-webhook"].source_code_hash
  memory_size        = local.sizing["fn-webhook"].memory_size
  timeout            = local.sizing["fn-webhook"].timeout
  log_retention_days = var.log_retention_days
  policy_json        = data.aws_iam_policy_document.webhook.json
  layers             = [aws_lambda_layer_version.charts.arn]

  reserved_concurrent_executions = lookup(var.reserved_concurrency, "fn-webhook", null)

  # The same Claude model reads plain-language trades (ANTHROPIC_MODEL, when set).
  environment = merge(
    {
      DATA_BUCKET           = module.data_bucket.name
      TABLE_NAME            = module.ledger_table.name
      SSM_PREFIX            = module.secrets.ssm_prefix
      STAGE                 = var.stage
      TELEGRAM_BOT_USERNAME = var.telegram_bot_username
      LOG_LEVEL             = var.log_level
    },
    var.anthropic_model == null ? {} : { ANTHROPIC_MODEL = var.anthropic_model },
  )
}

# The positions snapshot writer: fn-webhook's second handler (snapshot.handler, the same zip), a
# function of its own fed by the ledger table's stream, so the webhook no longer waits for the S3
# write (docs/telegram.md, the reply path). It reads the ledger and writes one document: no
# Telegram, no secrets. A rollback of fn-webhook's package moves both functions.
module "snapshot_writer" {
  source = "../../modules/lambda-function"

  function_name      = "${local.name}-fn-webhook-snapshot"
  description        = "Positions snapshot, rewritten from the ledger's DynamoDB stream"
  s3_bucket          = module.artifacts_bucket.name
  s3_key             = var.lambda_packages["fn-webhook"].s3_key
  source_code_hash   = var.lambda_packages["fn-webhook"].source_code_hash
  handler            = "snapshot.handler"
  memory_size        = local.sizing["fn-webhook-snapshot"].memory_size
  timeout            = local.sizing["fn-webhook-snapshot"].timeout
  log_retention_days = var.log_retention_days
  policy_json        = data.aws_iam_policy_document.snapshot_writer.json

  reserved_concurrent_executions = lookup(var.reserved_concurrency, "fn-webhook-snapshot", null)

  environment = {
    DATA_BUCKET = module.data_bucket.name
    TABLE_NAME  = module.ledger_table.name
    LOG_LEVEL   = var.log_level
  }
}

# The ledger's records, and only those (the pattern is storage-dynamodb's LEDGER_STREAM_FILTER;
# infra/tests compare the two), in batches of up to 10 as soon as they are there (no batching
# window: a chat's changes come one at a time, and a window would add its length to each one's lag).
# Records of a chat the writer could not write come back as batch item failures and are retried
# from the lowest failed one; a batch whose invocation failed is retried as two halves; after 10
# retries the batch's description goes to the dead-letter queue. The next ledger change of that
# chat writes its snapshot whole again.
resource "aws_lambda_event_source_mapping" "snapshot_writer" {
  function_name     = module.snapshot_writer.function_arn
  event_source_arn  = module.ledger_table.stream_arn
  starting_position = "LATEST"

  batch_size                         = 10
  maximum_batching_window_in_seconds = 0
  parallelization_factor             = 1
  bisect_batch_on_function_error     = true
  maximum_retry_attempts             = 10
  function_response_types            = ["ReportBatchItemFailures"]

  filter_criteria {
    filter {
      pattern = jsonencode({ dynamodb = { Keys = { PK = { S = [{ prefix = "PORTFOLIO#" }] }, SK = { S = [{ prefix = "TRADE#" }] } } } })
    }
  }

  destination_config {
    on_failure {
      destination_arn = module.schedules.dead_letter_queue_arn
    }
  }
}

module "collector" {
  source = "../../modules/lambda-function"

  function_name      = "${local.name}-fn-collector"
  description        = "Russell 1000 drawdown scan, every market morning"
  s3_bucket          = module.artifacts_bucket.name
  s3_key             = var.lambda_packages["fn-collector"].s3_key
  source_code_hash   = var.lambda_packages["fn-collector"].source_code_hash
  memory_size        = local.sizing["fn-collector"].memory_size
  timeout            = local.sizing["fn-collector"].timeout
  log_retention_days = var.log_retention_days
  policy_json        = data.aws_iam_policy_document.collector.json

  reserved_concurrent_executions = lookup(var.reserved_concurrency, "fn-collector", null)

  environment = {
    DATA_BUCKET      = module.data_bucket.name
    TABLE_NAME       = module.ledger_table.name
    SSM_PREFIX       = module.secrets.ssm_prefix
    SCAN_NOTIFY      = tostring(var.scan_notify)
    SCAN_CONCURRENCY = tostring(var.scan_concurrency)
    UNIVERSE_KEY     = var.universe_key
    LOG_LEVEL        = var.log_level
    # V8's heap budget inside the 256 MB (fn-collector's COLLECTOR_NODE_OPTIONS; docs/market-data.md).
    NODE_OPTIONS = "--max-old-space-size=160 --max-semi-space-size=8"
  }

  # A crashed run (timeout) is retried once by Lambda; the 07:30 schedule is the second chance.
  async_invocation = {
    maximum_retry_attempts       = 1
    maximum_event_age_in_seconds = 3600
    on_failure_destination_arn   = module.schedules.dead_letter_queue_arn
  }
}

module "daily" {
  source = "../../modules/lambda-function"

  function_name      = "${local.name}-fn-daily"
  description        = "Morning analysis pushed to Telegram"
  s3_bucket          = module.artifacts_bucket.name
  s3_key             = var.lambda_packages["fn-daily"].s3_key
  source_code_hash   = var.lambda_packages["fn-daily"].source_code_hash
  memory_size        = local.sizing["fn-daily"].memory_size
  timeout            = local.sizing["fn-daily"].timeout
  log_retention_days = var.log_retention_days
  policy_json        = data.aws_iam_policy_document.daily.json
  layers             = [aws_lambda_layer_version.charts.arn]

  reserved_concurrent_executions = lookup(var.reserved_concurrency, "fn-daily", null)

  environment = merge(
    {
      DATA_BUCKET = module.data_bucket.name
      TABLE_NAME  = module.ledger_table.name
      SSM_PREFIX  = module.secrets.ssm_prefix
      LOG_LEVEL   = var.log_level
    },
    var.anthropic_model == null ? {} : { ANTHROPIC_MODEL = var.anthropic_model },
  )

  # A run whose Telegram delivery failed throws after saving its log, so Lambda's retries re-send
  # only to the chats that missed the message.
  async_invocation = {
    maximum_retry_attempts       = 2
    maximum_event_age_in_seconds = 3600
    on_failure_destination_arn   = module.schedules.dead_letter_queue_arn
  }
}

module "webhook_api" {
  source = "../../modules/http-api"

  name                      = "${local.name}-webhook"
  route_key                 = "POST /webhook"
  function_name             = module.webhook.function_name
  function_invoke_arn       = module.webhook.invoke_arn
  stage_name                = var.stage
  throttling_rate_limit     = var.webhook_throttling.rate_limit
  throttling_burst_limit    = var.webhook_throttling.burst_limit
  access_log_retention_days = var.log_retention_days
}

module "schedules" {
  source = "../../modules/schedule"

  name_prefix = local.name

  schedules = {
    collector = {
      description = "Drawdown scan of the last closed New York session"
      expression  = local.collector_cron
      timezone    = var.collector_timezone
      target_arn  = module.collector.function_arn
    }
    # Same target and input: a date whose scan is saved is not scanned again, so this run only
    # completes a morning whose first run failed.
    collector-retry = {
      description = "Second chance for the drawdown scan"
      expression  = local.collector_retry_cron
      timezone    = var.collector_timezone
      target_arn  = module.collector.function_arn
    }
    daily = {
      description = "Morning analysis to every allowed chat"
      expression  = local.daily_cron
      timezone    = var.daily_schedule_timezone
      target_arn  = module.daily.function_arn
    }
    # A light run: the armed price alerts against the latest quotes. The collector does nothing
    # outside the regular session (NYSE holidays and early closes included).
    alerts = {
      description = "Price alerts, every 15 minutes during US market hours"
      expression  = var.alerts_schedule
      timezone    = var.collector_timezone
      target_arn  = module.collector.function_arn
      input       = jsonencode({ kind = "alerts" })
    }
  }
}

module "alarms" {
  source = "../../modules/alarms"

  name_prefix      = local.name
  metric_namespace = "Tradebot/${var.stage}"
  alarm_email      = var.alarm_email != "" ? var.alarm_email : null

  functions = {
    "fn-webhook"   = { function_name = module.webhook.function_name, log_group_name = module.webhook.log_group_name, timeout_seconds = module.webhook.timeout }
    "fn-collector" = { function_name = module.collector.function_name, log_group_name = module.collector.log_group_name, timeout_seconds = module.collector.timeout }
    "fn-daily"     = { function_name = module.daily.function_name, log_group_name = module.daily.log_group_name, timeout_seconds = module.daily.timeout }
  }

  # The snapshot writer is more than a minute behind the ledger's stream (it is usually under a second).
  stream_consumers = {
    "fn-webhook-snapshot" = { function_name = module.snapshot_writer.function_name, log_group_name = module.snapshot_writer.log_group_name, max_iterator_age_seconds = 60 }
  }

  http_api_id            = module.webhook_api.api_id
  http_api_stage         = module.webhook_api.stage_name
  dead_letter_queue_name = module.schedules.dead_letter_queue_name
}
