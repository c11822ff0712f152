variable "name_prefix" {
  description = "Prefix of the schedule group, the schedules, the dead-letter queue and the role (e.g. tradebot-prod)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,40}$", var.name_prefix))
    error_message = "name_prefix must be 1-40 letters, digits, hyphens or underscores."
  }
}

variable "schedules" {
  description = "Schedules by short name: when (cron or rate expression, in a time zone) and which Lambda function to invoke with which input."
  type = map(object({
    description = string
    expression  = string
    timezone    = string
    target_arn  = string
    input       = optional(string, "{}")
  }))

  validation {
    condition     = length(var.schedules) > 0
    error_message = "schedules must name at least one schedule."
  }

  validation {
    condition     = alltrue([for s in values(var.schedules) : can(regex("^(cron\\(([^ )]+ ){5}[^ )]+\\)|rate\\([0-9]+ (minute|minutes|hour|hours|day|days)\\))$", s.expression))])
    error_message = "each expression must be cron(<min> <hour> <day-of-month> <month> <day-of-week> <year>) or rate(<n> <unit>)."
  }

  validation {
    condition     = alltrue([for s in values(var.schedules) : s.timezone == "UTC" || can(regex("^[A-Z][A-Za-z_]+(/[A-Za-z0-9_+-]+)+$", s.timezone))])
    error_message = "each timezone must be an IANA time zone name such as America/New_York or Europe/Madrid (or UTC)."
  }

  validation {
    condition     = alltrue([for s in values(var.schedules) : can(regex("^arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:function:[A-Za-z0-9_-]+$", s.target_arn))])
    error_message = "each target_arn must be the unqualified ARN of a Lambda function."
  }

  validation {
    condition     = alltrue([for s in values(var.schedules) : can(jsondecode(s.input))])
    error_message = "each input must be JSON (the event the function receives)."
  }
}

variable "maximum_retry_attempts" {
  description = "How many times the scheduler retries an invocation Lambda refused (throttled or unavailable) before the event goes to the dead-letter queue."
  type        = number
  default     = 3

  validation {
    condition     = var.maximum_retry_attempts >= 0 && var.maximum_retry_attempts <= 185
    error_message = "maximum_retry_attempts must be between 0 and 185."
  }
}

variable "maximum_event_age_in_seconds" {
  description = "How long the scheduler keeps retrying one occurrence before it goes to the dead-letter queue."
  type        = number
  default     = 3600

  validation {
    condition     = var.maximum_event_age_in_seconds >= 60 && var.maximum_event_age_in_seconds <= 86400
    error_message = "maximum_event_age_in_seconds must be between 60 and 86400."
  }
}

variable "dead_letter_retention_seconds" {
  description = "How long an undelivered or failed event stays in the dead-letter queue for inspection."
  type        = number
  default     = 1209600

  validation {
    condition     = var.dead_letter_retention_seconds >= 60 && var.dead_letter_retention_seconds <= 1209600
    error_message = "dead_letter_retention_seconds must be between 60 and 1209600 (14 days)."
  }
}

variable "tags" {
  description = "Tags added to every resource of the module."
  type        = map(string)
  default     = {}
}
