# The single table of docs/storage.md: the trade ledger (PORTFOLIO#), update idempotency (UPDATE#)
# and document coordination (DOC#), all keyed by PK/SK. On demand: a personal bot's traffic is tiny
# and bursty, so provisioned capacity would sit idle. With stream_view_type, its DynamoDB stream
# (the positions snapshot writer reads the ledger's records from it).
resource "aws_dynamodb_table" "this" {
  name                        = var.name
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = var.partition_key
  range_key                   = var.sort_key
  deletion_protection_enabled = var.deletion_protection
  stream_enabled              = var.stream_view_type != null
  stream_view_type            = var.stream_view_type

  attribute {
    name = var.partition_key
    type = "S"
  }

  attribute {
    name = var.sort_key
    type = "S"
  }

  ttl {
    attribute_name = var.ttl_attribute
    enabled        = true
  }

  point_in_time_recovery {
    enabled = var.point_in_time_recovery
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = var.kms_key_arn
  }

  tags = var.tags
}
