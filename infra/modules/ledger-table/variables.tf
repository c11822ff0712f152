variable "name" {
  description = "Name of the DynamoDB table."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]{3,255}$", var.name))
    error_message = "name must be 3-255 letters, digits, underscores, hyphens or dots."
  }
}

variable "partition_key" {
  description = "Partition key attribute (string); storage-dynamodb's TABLE_DEFINITION uses PK."
  type        = string
  default     = "PK"
}

variable "sort_key" {
  description = "Sort key attribute (string); storage-dynamodb's TABLE_DEFINITION uses SK."
  type        = string
  default     = "SK"
}

variable "ttl_attribute" {
  description = "Number attribute (epoch seconds) after which DynamoDB deletes an item; idempotency records set expiresAt."
  type        = string
  default     = "expiresAt"
}

variable "point_in_time_recovery" {
  description = "Keep continuous backups (restore to any second of the last 35 days); the ledger is the source of truth."
  type        = bool
  default     = true
}

variable "deletion_protection" {
  description = "Refuse to delete the table (turn off deliberately before a destroy)."
  type        = bool
  default     = true
}

variable "stream_view_type" {
  description = "What the table's DynamoDB stream records of each changed item: KEYS_ONLY, NEW_IMAGE, OLD_IMAGE or NEW_AND_OLD_IMAGES; null for no stream. The positions snapshot writer needs only the keys (it reads the ledger again)."
  type        = string
  default     = null

  validation {
    condition     = var.stream_view_type == null || contains(["KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"], coalesce(var.stream_view_type, "none"))
    error_message = "stream_view_type must be null, KEYS_ONLY, NEW_IMAGE, OLD_IMAGE or NEW_AND_OLD_IMAGES."
  }
}

variable "kms_key_arn" {
  description = "Customer managed KMS key for server-side encryption; null uses the AWS managed key (aws/dynamodb)."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be null or a KMS key ARN."
  }
}

variable "tags" {
  description = "Tags added to the table."
  type        = map(string)
  default     = {}
}
