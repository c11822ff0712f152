variable "region" {
  description = "AWS region of the whole stack: the region scripts/bootstrap ran in (AWS_REGION); the deploy workflow passes its AWS_REGION repository variable."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.region))
    error_message = "region must be an AWS region code such as eu-west-1."
  }
}

variable "stage" {
  description = "Stage name (the scripts' --stage): resource names tradebot-<stage>-*, the SSM path /tradebot/<stage>, the API stage. Keep it equal to this directory's name (infra/envs/<stage>): the deploy workflow passes it so."
  type        = string
  default     = "prod"

  validation {
    # The same pattern as the scripts' STAGE_PATTERN and the deploy workflow's stage check.
    condition     = can(regex("^[a-z][a-z0-9]{0,11}$", var.stage))
    error_message = "stage must be 1-12 lowercase letters or digits, starting with a letter (e.g. prod)."
  }
}

variable "artifacts_bucket" {
  description = "The artifacts bucket scripts/bootstrap created (tradebot-artifacts-<account-id>-<region> unless given another name); Terraform adopts it (import) and manages its settings."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.artifacts_bucket))
    error_message = "artifacts_bucket must be the bucket name scripts/bootstrap printed (3-63 lowercase letters, digits, dots or hyphens)."
  }
}

variable "lambda_packages" {
  description = "The uploaded zip of each function, as the upload step writes it to dist/lambda/packages.tfvars.json: { \"<function>\" = { s3_key = \"lambda/<function>/<sha256-hex>.zip\", source_code_hash = \"<base64 sha256>\" } }."
  type = map(object({
    s3_key           = string
    source_code_hash = string
  }))

  validation {
    condition     = length(setsymmetricdifference(keys(var.lambda_packages), ["fn-webhook", "fn-collector", "fn-daily"])) == 0
    error_message = "lambda_packages must have exactly the keys fn-webhook, fn-collector and fn-daily."
  }

  validation {
    condition     = alltrue([for name, package in var.lambda_packages : can(regex("^lambda/${name}/[0-9a-f]{64}\\.zip$", package.s3_key))])
    error_message = "each s3_key must be lambda/<its own function>/<64 hex digits>.zip (the zip's SHA-256), as the upload step writes it."
  }

  validation {
    condition     = alltrue([for package in values(var.lambda_packages) : can(regex("^[A-Za-z0-9+/]{43}=$", package.source_code_hash))])
    error_message = "each source_code_hash must be the base64 SHA-256 of the zip (44 characters ending in =)."
  }
}

variable "lambda_layers" {
  description = "The uploaded zip of each Lambda layer, as the upload step writes it to dist/lambda/packages.tfvars.json: { \"layer-charts\" = { s3_key = \"lambda/layer-charts/<sha256-hex>.zip\", source_code_hash = \"<base64 sha256>\" } }. layer-charts holds the chart renderer (resvg WebAssembly) and its fonts, too large for a function zip."
  type = map(object({
    s3_key           = string
    source_code_hash = string
  }))

  validation {
    condition     = length(setsymmetricdifference(keys(var.lambda_layers), ["layer-charts"])) == 0
    error_message = "lambda_layers must have exactly the key layer-charts."
  }

  validation {
    condition     = alltrue([for name, layer in var.lambda_layers : can(regex("^lambda/${name}/[0-9a-f]{64}\\.zip$", layer.s3_key))])
    error_message = "each s3_key must be lambda/<its own layer>/<64 hex digits>.zip (the zip's SHA-256), as the upload step writes it."
  }

  validation {
    condition     = alltrue([for layer in values(var.lambda_layers) : can(regex("^[A-Za-z0-9+/]{43}=$", layer.source_code_hash))])
    error_message = "each source_code_hash must be the base64 SHA-256 of the zip (44 characters ending in =)."
  }
}

variable "alerts_schedule" {
  description = "When the price alerts are checked: an EventBridge Scheduler cron in collector_timezone. Default every 15 minutes from 09:00 to 16:45 New York, Monday to Friday; the collector itself skips the minutes outside 09:30-16:00, NYSE holidays and early closes."
  type        = string
  default     = "cron(0/15 9-16 ? * MON-FRI *)"
}

variable "telegram_bot_username" {
  description = "The bot's @username without the @ (TELEGRAM_BOT_USERNAME of the webhook)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_]{5,32}$", var.telegram_bot_username))
    error_message = "telegram_bot_username must be the bot's username without @: 5-32 letters, digits or underscores."
  }
}

variable "alarm_email" {
  description = "Address that gets alarm notifications; null or \"\" for none (the dashboard still shows them)."
  type        = string
  default     = null
}

variable "collector_timezone" {
  description = "Time zone of the collector's schedules: the market's."
  type        = string
  default     = "America/New_York"
}

variable "collector_time" {
  description = "Local time (HH:MM) of the daily scan, Tuesday to Saturday: each morning after a session."
  type        = string
  default     = "06:00"

  validation {
    condition     = can(regex("^([01][0-9]|2[0-3]):[0-5][0-9]$", var.collector_time))
    error_message = "collector_time must be HH:MM, 24-hour."
  }
}

variable "collector_retry_time" {
  description = "Local time (HH:MM) of the collector's retry run; it does nothing when the morning's scan is already saved."
  type        = string
  default     = "07:30"

  validation {
    condition     = can(regex("^([01][0-9]|2[0-3]):[0-5][0-9]$", var.collector_retry_time))
    error_message = "collector_retry_time must be HH:MM, 24-hour."
  }
}

variable "daily_schedule_time" {
  description = "Local time (HH:MM) of the morning analysis. Keep it equal to analysis.time in config/rules.json."
  type        = string
  default     = "08:00"

  validation {
    condition     = can(regex("^([01][0-9]|2[0-3]):[0-5][0-9]$", var.daily_schedule_time))
    error_message = "daily_schedule_time must be HH:MM, 24-hour."
  }
}

variable "daily_schedule_timezone" {
  description = "Time zone of the morning analysis (daylight-saving aware). Keep it equal to analysis.timezone in config/rules.json."
  type        = string
  default     = "Europe/Madrid"
}

variable "log_level" {
  description = "LOG_LEVEL of the functions (pino)."
  type        = string
  default     = "info"

  validation {
    condition     = contains(["trace", "debug", "info", "warn", "error", "fatal", "silent"], var.log_level)
    error_message = "log_level must be one of trace, debug, info, warn, error, fatal, silent."
  }
}

variable "log_retention_days" {
  description = "Days CloudWatch keeps function and access logs."
  type        = number
  default     = 30
}

variable "scan_notify" {
  description = "Send the scan's top 10 to the allowed chats after each scan (SCAN_NOTIFY)."
  type        = bool
  default     = false
}

variable "scan_concurrency" {
  description = "Yahoo requests the collector keeps in flight (SCAN_CONCURRENCY)."
  type        = number
  default     = 8

  validation {
    condition     = var.scan_concurrency >= 1 && var.scan_concurrency <= 32 && floor(var.scan_concurrency) == var.scan_concurrency
    error_message = "scan_concurrency must be a whole number between 1 and 32."
  }
}

variable "universe_key" {
  description = "Data-bucket key of the optional universe override CSV (UNIVERSE_KEY); the collector may read exactly this key."
  type        = string
  default     = "config/universe.csv"

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*\\.csv$", var.universe_key))
    error_message = "universe_key must be a relative key ending in .csv, e.g. config/universe.csv."
  }
}

variable "anthropic_model" {
  description = "Claude model id of the morning analysis and of the webhook's plain-language readings (ANTHROPIC_MODEL); null keeps the code's default."
  type        = string
  default     = null
}

variable "webhook_throttling" {
  description = "Requests per second (rate) and in a burst the webhook's stage accepts; Telegram sends one chat's updates one at a time."
  type = object({
    rate_limit  = number
    burst_limit = number
  })
  default = {
    rate_limit  = 10
    burst_limit = 20
  }
}

variable "reserved_concurrency" {
  description = "Reserved concurrency by function name (fn-webhook, fn-webhook-snapshot: the positions snapshot writer, fn-collector, fn-daily); functions not named stay unreserved. An account with a regional limit of 10 cannot reserve any."
  type        = map(number)
  default     = {}

  validation {
    condition     = length(setsubtract(keys(var.reserved_concurrency), ["fn-webhook", "fn-webhook-snapshot", "fn-collector", "fn-daily"])) == 0
    error_message = "reserved_concurrency keys must be among fn-webhook, fn-webhook-snapshot, fn-collector and fn-daily."
  }
}

variable "daily_log_retention_days" {
  description = "Days the data bucket keeps logs/daily_analysis_<date>.json (the month-to-date Claude budget reads the current month's)."
  type        = number
  default     = 400

  validation {
    condition     = var.daily_log_retention_days >= 32
    error_message = "daily_log_retention_days must be at least 32: the monthly budget reads every log of the current month."
  }
}

variable "scan_csv_retention_days" {
  description = "Days the data bucket keeps scans/drawdown/<date>.csv (latest.json is never expired)."
  type        = number
  default     = 180

  validation {
    condition     = var.scan_csv_retention_days >= 1
    error_message = "scan_csv_retention_days must be at least 1."
  }
}

variable "noncurrent_version_days" {
  description = "Days both buckets keep overwritten object versions."
  type        = number
  default     = 30
}

variable "ssm_kms_key_arn" {
  description = "Customer managed KMS key of the SecureString parameters; null when scripts/put-secrets uses the AWS managed key aws/ssm (the default)."
  type        = string
  default     = null
}

variable "tags" {
  description = "Extra tags on every resource (the provider adds Project, Stage and ManagedBy)."
  type        = map(string)
  default     = {}
}
