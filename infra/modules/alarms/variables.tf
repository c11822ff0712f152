variable "name_prefix" {
  description = "Prefix of every alarm, of the topic and of the dashboard (e.g. tradebot-prod)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,200}$", var.name_prefix))
    error_message = "name_prefix must be letters, digits, hyphens or underscores."
  }
}

variable "metric_namespace" {
  description = "CloudWatch namespace of the metrics taken from the functions' logs (e.g. Tradebot/prod)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_./#:-]{1,255}$", var.metric_namespace)) && !startswith(var.metric_namespace, "AWS/")
    error_message = "metric_namespace must be a custom namespace (not AWS/...) of letters, digits and ._/#:- characters."
  }
}

variable "alarm_email" {
  description = "Address that receives alarm and recovery notifications (confirm the subscription e-mail once); null creates no subscription."
  type        = string
  default     = null

  validation {
    condition     = var.alarm_email == null || can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", var.alarm_email))
    error_message = "alarm_email must be an e-mail address or null."
  }
}

variable "functions" {
  description = "The three functions by package name (fn-webhook, fn-collector, fn-daily): name, log group and timeout."
  type = map(object({
    function_name   = string
    log_group_name  = string
    timeout_seconds = number
  }))

  validation {
    condition     = length(setsubtract(["fn-webhook", "fn-collector", "fn-daily"], keys(var.functions))) == 0
    error_message = "functions must include fn-webhook, fn-collector and fn-daily: the log-based alarms read their logs."
  }
}

variable "stream_consumers" {
  description = "Functions fed by a DynamoDB stream through an event source mapping, by key (fn-webhook-snapshot): an alarm on their errors and one on how far behind the stream they run (IteratorAge above max_iterator_age_seconds)."
  type = map(object({
    function_name            = string
    log_group_name           = string
    max_iterator_age_seconds = number
  }))
  default = {}

  validation {
    condition     = alltrue([for consumer in values(var.stream_consumers) : consumer.max_iterator_age_seconds >= 1])
    error_message = "stream_consumers.*.max_iterator_age_seconds must be at least 1."
  }
}

variable "duration_alarm_ratio" {
  description = "A function's duration alarm fires when one invocation takes more than this fraction of its timeout."
  type        = number
  default     = 0.8

  validation {
    condition     = var.duration_alarm_ratio > 0 && var.duration_alarm_ratio < 1
    error_message = "duration_alarm_ratio must be between 0 and 1."
  }
}

variable "http_api_id" {
  description = "ID of the webhook's HTTP API (ApiId dimension)."
  type        = string
}

variable "http_api_stage" {
  description = "Stage of the webhook's HTTP API (Stage dimension)."
  type        = string
}

variable "dead_letter_queue_name" {
  description = "Name of the dead-letter queue of the schedules and scheduled functions."
  type        = string
}

variable "daily_max_silence_hours" {
  description = "Hours without a successful morning analysis before the \"daily did not run\" alarm fires (the job runs every 24 h; 26 leaves room for daylight-saving shifts)."
  type        = number
  default     = 26

  validation {
    condition     = var.daily_max_silence_hours >= 25 && var.daily_max_silence_hours <= 168 && floor(var.daily_max_silence_hours) == var.daily_max_silence_hours
    error_message = "daily_max_silence_hours must be a whole number between 25 and 168 (CloudWatch evaluates hourly alarms over at most 7 days)."
  }
}

variable "collector_attempts_per_day" {
  description = "Collector runs scheduled each market morning (the 06:00 run and the 07:30 retry): when this many have finished and no scan completed, the day's scan is missing."
  type        = number
  default     = 2

  validation {
    condition     = var.collector_attempts_per_day >= 1 && floor(var.collector_attempts_per_day) == var.collector_attempts_per_day
    error_message = "collector_attempts_per_day must be a whole number >= 1."
  }
}

variable "collector_attempts_window_hours" {
  description = "Hours during which one morning's finished runs are counted: from the first run to well after the 26-hour silence that the previous morning's last run starts (6 leaves two hours of overlap)."
  type        = number
  default     = 6

  validation {
    condition     = var.collector_attempts_window_hours >= 1 && var.collector_attempts_window_hours <= 12 && floor(var.collector_attempts_window_hours) == var.collector_attempts_window_hours
    error_message = "collector_attempts_window_hours must be a whole number of hours between 1 and 12."
  }
}

variable "tags" {
  description = "Tags added to the topic and the alarms."
  type        = map(string)
  default     = {}
}
