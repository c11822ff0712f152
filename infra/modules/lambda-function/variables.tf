variable "function_name" {
  description = "Name of the Lambda function; also names its role and its log group (/aws/lambda/<name>)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,64}$", var.function_name))
    error_message = "function_name must be 1-64 letters, digits, hyphens or underscores."
  }
}

variable "description" {
  description = "What the function does, shown in the console."
  type        = string
  default     = ""
}

variable "s3_bucket" {
  description = "Artifacts bucket that holds the function's zip (the package is built and uploaded before apply; this module never builds code)."
  type        = string
}

variable "s3_key" {
  description = "Key of the zip in the artifacts bucket, content-addressed: lambda/<function>/<sha256-hex>.zip (from dist/lambda/packages.tfvars.json)."
  type        = string

  validation {
    condition     = can(regex("^lambda/[a-z0-9-]+/[0-9a-f]{64}\\.zip$", var.s3_key))
    error_message = "s3_key must look like lambda/<function>/<64 hex digits>.zip, as the upload step writes it."
  }
}

variable "source_code_hash" {
  description = "Base64 SHA-256 of the zip (from dist/lambda/packages.tfvars.json); a new value redeploys the code."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9+/]{43}=$", var.source_code_hash))
    error_message = "source_code_hash must be the base64 SHA-256 of the zip (44 characters ending in =), not the hex digest."
  }
}

variable "handler" {
  description = "Module and export Lambda calls: the bundle is index.js exporting handler."
  type        = string
  default     = "index.handler"

  validation {
    condition     = can(regex("^[A-Za-z0-9_./-]+\\.[A-Za-z_$][A-Za-z0-9_$]*$", var.handler))
    error_message = "handler must be <file without extension>.<exported function>, e.g. index.handler."
  }
}

variable "runtime" {
  description = "Lambda runtime; the bundles target node20 syntax and run on nodejs22.x."
  type        = string
  default     = "nodejs22.x"

  validation {
    condition     = can(regex("^nodejs[0-9]+\\.x$", var.runtime))
    error_message = "runtime must be a Node.js runtime such as nodejs22.x: the packages are JavaScript bundles."
  }
}

variable "architecture" {
  description = "Instruction set: arm64 (Graviton) is about 20% cheaper per GB-second and the bundles hold no native code."
  type        = string
  default     = "arm64"

  validation {
    condition     = contains(["arm64", "x86_64"], var.architecture)
    error_message = "architecture must be arm64 or x86_64."
  }
}

variable "memory_size" {
  description = "Memory in MB; CPU grows with it (1,769 MB is one vCPU)."
  type        = number

  validation {
    condition     = var.memory_size >= 128 && var.memory_size <= 10240 && floor(var.memory_size) == var.memory_size
    error_message = "memory_size must be a whole number of MB between 128 and 10240."
  }
}

variable "timeout" {
  description = "Timeout in seconds; also passed to the code as FUNCTION_TIMEOUT_SECONDS."
  type        = number

  validation {
    condition     = var.timeout >= 1 && var.timeout <= 900 && floor(var.timeout) == var.timeout
    error_message = "timeout must be a whole number of seconds between 1 and 900 (Lambda's maximum)."
  }
}

variable "environment" {
  description = "Environment variables of the function (configuration only: secrets are read from SSM at runtime, never passed here)."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for name in keys(var.environment) : can(regex("^[A-Za-z][A-Za-z0-9_]*$", name)) && !startswith(name, "AWS_")])
    error_message = "environment names must be letters, digits and underscores, and must not start with AWS_ (reserved by Lambda)."
  }

  validation {
    condition     = !contains(keys(var.environment), "FUNCTION_TIMEOUT_SECONDS")
    error_message = "FUNCTION_TIMEOUT_SECONDS is set by this module from var.timeout; do not pass it."
  }
}

variable "layers" {
  description = "ARNs of Lambda layer versions to attach (at most 5), e.g. the chart renderer's; empty for none."
  type        = list(string)
  default     = []

  validation {
    condition     = length(var.layers) <= 5
    error_message = "A function takes at most 5 layers."
  }
}

variable "log_retention_days" {
  description = "Days CloudWatch keeps the function's logs."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be one of the values CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, ...)."
  }
}

variable "tracing_enabled" {
  description = "Send X-Ray traces (off by default: a personal bot does not need them, and they cost per trace)."
  type        = bool
  default     = false
}

variable "reserved_concurrent_executions" {
  description = "Concurrency reserved for (and capping) this function; null leaves it unreserved. New accounts with a regional limit of 10 cannot reserve any."
  type        = number
  default     = null

  validation {
    condition     = var.reserved_concurrent_executions == null || try(var.reserved_concurrent_executions >= 0, false)
    error_message = "reserved_concurrent_executions must be null (unreserved) or a number >= 0."
  }
}

variable "policy_json" {
  description = "The function's own permissions as an IAM policy document (JSON); this module adds only its log group and, when set, tracing and the async failure destination."
  type        = string

  validation {
    condition     = can(jsondecode(var.policy_json).Statement)
    error_message = "policy_json must be an IAM policy document in JSON, e.g. data.aws_iam_policy_document.<name>.json."
  }
}

variable "async_invocation" {
  description = "For functions invoked asynchronously (by a schedule): Lambda's own retries of a failed run and where an event goes when they are exhausted. null for synchronous functions."
  type = object({
    maximum_retry_attempts       = number
    maximum_event_age_in_seconds = number
    on_failure_destination_arn   = optional(string)
  })
  default = null

  validation {
    condition     = var.async_invocation == null || try(var.async_invocation.maximum_retry_attempts >= 0 && var.async_invocation.maximum_retry_attempts <= 2, false)
    error_message = "async_invocation.maximum_retry_attempts must be 0, 1 or 2."
  }

  validation {
    condition     = var.async_invocation == null || try(var.async_invocation.maximum_event_age_in_seconds >= 60 && var.async_invocation.maximum_event_age_in_seconds <= 21600, false)
    error_message = "async_invocation.maximum_event_age_in_seconds must be between 60 and 21600."
  }
}

variable "tags" {
  description = "Tags added to every resource of the module."
  type        = map(string)
  default     = {}
}
