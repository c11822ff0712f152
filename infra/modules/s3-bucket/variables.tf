variable "bucket" {
  description = "Bucket name (globally unique: include the account id)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.bucket)) && !can(regex("\\.\\.", var.bucket))
    error_message = "bucket must be 3-63 lowercase letters, digits, dots or hyphens, starting and ending with a letter or digit."
  }
}

variable "purpose" {
  description = "One line on what the bucket holds (a tag, so the console says it)."
  type        = string
}

variable "noncurrent_version_expiration_days" {
  description = "Days an overwritten or deleted object version is kept (versioning protects against a bad write)."
  type        = number
  default     = 30

  validation {
    condition     = var.noncurrent_version_expiration_days >= 1
    error_message = "noncurrent_version_expiration_days must be at least 1."
  }
}

variable "expiration_rules" {
  description = "Objects that expire by age: a rule id, a key prefix and the days after their last write. Dated logs and scans use this."
  type = list(object({
    id     = string
    prefix = string
    days   = number
  }))
  default = []

  validation {
    condition     = alltrue([for rule in var.expiration_rules : rule.days >= 1 && rule.prefix != "" && can(regex("^[a-z0-9-]{1,64}$", rule.id))])
    error_message = "each expiration rule needs a lowercase id, a non-empty prefix (an empty one would expire the whole bucket) and days >= 1."
  }

  validation {
    condition     = length(distinct([for rule in var.expiration_rules : rule.id])) == length(var.expiration_rules)
    error_message = "expiration rule ids must be unique."
  }
}

variable "kms_key_arn" {
  description = "Customer managed KMS key for default encryption; null uses S3-managed keys (SSE-S3, no KMS cost)."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be null or a KMS key ARN."
  }
}

variable "force_destroy" {
  description = "Let terraform destroy delete a bucket that still holds objects (keep false for data)."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags added to the bucket."
  type        = map(string)
  default     = {}
}
