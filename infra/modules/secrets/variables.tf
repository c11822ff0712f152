variable "ssm_prefix" {
  description = "Parameter Store path that holds the secrets (SSM_PREFIX of the functions), e.g. /tradebot/prod."
  type        = string

  validation {
    condition     = can(regex("^(/[A-Za-z0-9_.-]+)+$", var.ssm_prefix))
    error_message = "ssm_prefix must be a path such as /tradebot/prod: a leading slash, no trailing slash."
  }
}

variable "parameter_names" {
  description = "Names of the SecureString parameters under ssm_prefix; storage-s3's SECRET_PARAMETERS lists the same names."
  type        = list(string)
  default     = ["telegram-bot-token", "webhook-secret-token", "allowed-chat-ids", "anthropic-api-key"]

  validation {
    condition     = length(var.parameter_names) > 0 && alltrue([for name in var.parameter_names : can(regex("^[a-z0-9-]+$", name))])
    error_message = "parameter_names must be lowercase names with hyphens, relative to ssm_prefix."
  }
}

variable "kms_key_arn" {
  description = "Customer managed key the parameters are encrypted with; null means the AWS managed key aws/ssm, whose key policy already lets this account's roles decrypt through SSM."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be null or a KMS key ARN."
  }
}
