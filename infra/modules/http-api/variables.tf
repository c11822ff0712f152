variable "name" {
  description = "Name of the HTTP API (also names its access log group)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,128}$", var.name))
    error_message = "name must be 1-128 letters, digits, hyphens or underscores."
  }
}

variable "route_key" {
  description = "The one route the API serves, \"<METHOD> <path>\"; Telegram posts updates to it."
  type        = string
  default     = "POST /webhook"

  validation {
    condition     = can(regex("^(GET|POST|PUT|PATCH|DELETE) /[A-Za-z0-9_/-]*$", var.route_key))
    error_message = "route_key must be an HTTP method and a literal path, e.g. \"POST /webhook\"."
  }
}

variable "function_name" {
  description = "Name of the Lambda function behind the route (for its invoke permission)."
  type        = string
}

variable "function_invoke_arn" {
  description = "Invoke ARN of the Lambda function behind the route."
  type        = string
}

variable "stage_name" {
  description = "Stage name; it is part of the URL (https://<api>.execute-api.<region>.amazonaws.com/<stage>/webhook)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,128}$", var.stage_name))
    error_message = "stage_name must be letters, digits, hyphens or underscores (no $default: the invoke permission names the stage)."
  }
}

variable "integration_timeout_ms" {
  description = "How long API Gateway waits for the function, in ms; HTTP APIs allow at most 30,000. Keep it above the function's timeout so the function's own timeout is what ends a stuck call."
  type        = number
  default     = 30000

  validation {
    condition     = var.integration_timeout_ms >= 50 && var.integration_timeout_ms <= 30000
    error_message = "integration_timeout_ms must be between 50 and 30000 (the HTTP API maximum)."
  }
}

variable "throttling_burst_limit" {
  description = "Requests the stage accepts in a burst before answering 429."
  type        = number
  default     = 20

  validation {
    condition     = var.throttling_burst_limit >= 1 && var.throttling_burst_limit <= 5000
    error_message = "throttling_burst_limit must be between 1 and 5000."
  }
}

variable "throttling_rate_limit" {
  description = "Steady requests per second the stage accepts before answering 429."
  type        = number
  default     = 10

  validation {
    condition     = var.throttling_rate_limit > 0 && var.throttling_rate_limit <= 10000
    error_message = "throttling_rate_limit must be above 0 and at most 10000."
  }
}

variable "access_log_retention_days" {
  description = "Days CloudWatch keeps the stage's access logs."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.access_log_retention_days)
    error_message = "access_log_retention_days must be one of the values CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, ...)."
  }
}

variable "tags" {
  description = "Tags added to every resource of the module."
  type        = map(string)
  default     = {}
}
