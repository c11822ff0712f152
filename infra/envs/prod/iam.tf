# What each function's code may touch, and nothing more (the matrix is in infra/README.md).
# Every statement names its actions and ARNs: object ARNs of the data bucket by key or prefix, the
# table restricted to the function's partition-key prefixes (dynamodb:LeadingKeys), the exact SSM
# parameters. The lambda-function module adds each function's own log group.

locals {
  data_bucket = module.data_bucket.arn
  table       = module.ledger_table.arn

  # The data bucket's fixed keys (storage-s3 DOCUMENT_KEYS; infra/tests compare the two).
  documents = {
    positions     = "portfolio/current_positions.json"
    ledgerCsv     = "history/operations_full.csv"
    blacklist     = "external/tickers_blacklist.txt"
    tips          = "external/user_tips.json"
    rules         = "config/rules.json"
    notifications = "config/notifications.json"
    lessons       = "learning/patterns_learned.json"
    scanLatest    = "scans/drawdown/latest.json"
  }

  # Partition-key prefixes of the table (docs/storage.md).
  key_prefixes = {
    ledger           = "PORTFOLIO#*"
    update_ids       = "UPDATE#*"
    daily_deliveries = "UPDATE#daily#*"
    scan_dates       = "UPDATE#scan#*"
    documents        = "DOC#*"
    alerts           = "ALERT#*"
  }
}

# Shared by the three functions: their secrets and the bucket listing S3 needs to say "not found".
data "aws_iam_policy_document" "function_common" {
  statement {
    sid    = "ReadSecrets"
    effect = "Allow"
    # SsmSecretsProvider reads all four parameters in one GetParameters call; a call that names a
    # parameter the role may not read fails as a whole, so each function gets the same four.
    actions   = ["ssm:GetParameters"]
    resources = module.secrets.parameter_arns
  }

  # Without s3:ListBucket, S3 answers a GetObject of a missing key with 403 instead of 404, and the
  # code's "missing document, use the default" path (rules, blacklist, tips, logs) would fail.
  # ListBucket reveals key names, never contents.
  statement {
    sid       = "ListDataBucket"
    effect    = "Allow"
    actions   = ["s3:ListBucket"]
    resources = [local.data_bucket]
  }

  dynamic "statement" {
    for_each = var.ssm_kms_key_arn == null ? [] : [var.ssm_kms_key_arn]

    content {
      sid       = "DecryptSecretsThroughSsm"
      effect    = "Allow"
      actions   = ["kms:Decrypt"]
      resources = [statement.value]

      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["ssm.${var.region}.amazonaws.com"]
      }
    }
  }
}

data "aws_iam_policy_document" "webhook" {
  source_policy_documents = [data.aws_iam_policy_document.function_common.json]

  # Commands that change documents (/blacklist, /tips, /rules set, /notify), and /export's CSV and
  # positions snapshot; /export's links are presigned GETs of the last two. (After a ledger change the
  # snapshot is the snapshot writer's to write, below.)
  statement {
    sid     = "ReadWriteChatDocuments"
    effect  = "Allow"
    actions = ["s3:GetObject", "s3:PutObject"]
    resources = [
      for key in ["rules", "notifications", "blacklist", "tips", "positions", "ledgerCsv"] : "${local.data_bucket}/${local.documents[key]}"
    ]
  }

  # /lessons shows the monthly review fn-daily writes.
  statement {
    sid       = "ReadLessons"
    effect    = "Allow"
    actions   = ["s3:GetObject"]
    resources = ["${local.data_bucket}/${local.documents.lessons}"]
  }

  # /scan reads latest.json and presigns a GET of the dated CSV.
  statement {
    sid       = "ReadScans"
    effect    = "Allow"
    actions   = ["s3:GetObject"]
    resources = ["${local.data_bucket}/scans/drawdown/*"]
  }

  # Plain text read by Claude counts against the one monthly model budget: the webhook reads the
  # daily job's logs of the month (their totalCostUsd) to add them to its own readings' spend.
  statement {
    sid       = "ReadDailyLogsForTheModelBudget"
    effect    = "Allow"
    actions   = ["s3:GetObject"]
    resources = ["${local.data_bucket}/logs/daily_analysis_*"]
  }

  # /performance reads the price history of the symbols a chat holds and stores what it fetched
  # (back to the first trade), in the documents the collector keeps.
  statement {
    sid       = "ReadWritePriceHistory"
    effect    = "Allow"
    actions   = ["s3:GetObject", "s3:PutObject"]
    resources = ["${local.data_bucket}/market/history/*"]
  }

  statement {
    sid       = "ReadAndAppendLedger"
    effect    = "Allow"
    actions   = ["dynamodb:Query", "dynamodb:PutItem"]
    resources = [local.table]

    condition {
      test     = "ForAllValues:StringLike"
      variable = "dynamodb:LeadingKeys"
      values   = [local.key_prefixes.ledger]
    }
  }

  # DynamoIdempotencyStore: claim and complete (PutItem), read a stored reply (GetItem), release a
  # failed run (DeleteItem), record a re-sent reply (UpdateItem, replaceResult).
  statement {
    sid       = "UpdateIdempotency"
    effect    = "Allow"
    actions   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"]
    resources = [local.table]

    condition {
      test     = "ForAllValues:StringLike"
      variable = "dynamodb:LeadingKeys"
      values   = [local.key_prefixes.update_ids]
    }
  }

  # UPDATE#* above also matches the other functions' run records; IAM patterns cannot say "digits
  # only", so those two prefixes are denied explicitly.
  statement {
    sid       = "DenyOtherFunctionsRunRecords"
    effect    = "Deny"
    actions   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query"]
    resources = [local.table]

    condition {
      test     = "ForAnyValue:StringLike"
      variable = "dynamodb:LeadingKeys"
      values   = [local.key_prefixes.daily_deliveries, local.key_prefixes.scan_dates]
    }
  }

  # DynamoPriceAlertStore: list (Query), add (UpdateItem on the id counter, conditional PutItem),
  # remove (conditional DeleteItem), re-arm (conditional UpdateItem).
  statement {
    sid       = "ManagePriceAlerts"
    effect    = "Allow"
    actions   = ["dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"]
    resources = [local.table]

    condition {
      test     = "ForAllValues:StringLike"
      variable = "dynamodb:LeadingKeys"
      values   = [local.key_prefixes.alerts]
    }
  }

  # DynamoDocumentLock: a lease per shared S3 document (blacklist, tips, rules), taken with a
  # conditional PutItem and released with DeleteItem.
  statement {
    sid       = "LeaseDocuments"
    effect    = "Allow"
    actions   = ["dynamodb:PutItem", "dynamodb:DeleteItem"]
    resources = [local.table]

    condition {
      test     = "ForAllValues:StringLike"
      variable = "dynamodb:LeadingKeys"
      values   = [local.key_prefixes.documents]
    }
  }
}

data "aws_iam_policy_document" "collector" {
  source_policy_documents = [data.aws_iam_policy_document.function_common.json]

  statement {
    sid       = "ReadScanSettings"
    effect    = "Allow"
    actions   = ["s3:GetObject"]
    resources = [for key in [local.documents.rules, local.documents.notifications, local.documents.blacklist, var.universe_key] : "${local.data_bucket}/${key}"]
  }

  statement {
    sid       = "ReadWritePriceCacheAndScans"
    effect    = "Allow"
    actions   = ["s3:GetObject", "s3:PutObject"]
    resources = ["${local.data_bucket}/market/*", "${local.data_bucket}/scans/drawdown/*"]
  }

  # The price-alert check: list a chat's alerts (Query), fire and give back a firing (conditional UpdateItem).
  statement {
    sid       = "CheckPriceAlerts"
    effect    = "Allow"
    actions   = ["dynamodb:Query", "dynamodb:UpdateItem"]
    resources = [local.table]

    condition {
      test     = "ForAllValues:StringLike"
      variable = "dynamodb:LeadingKeys"
      values   = [local.key_prefixes.alerts]
    }
  }

  # One claim per scan date (DynamoIdempotencyStore.once: PutItem, GetItem, DeleteItem).
  statement {
    sid       = "RecordScanDates"
    effect    = "Allow"
    actions   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"]
    resources = [local.table]

    condition {
      test     = "ForAllValues:StringLike"
      variable = "dynamodb:LeadingKeys"
      values   = [local.key_prefixes.scan_dates]
    }
  }
}

# Reading a chat's ledger (one Query on its partition), and nothing else of it: fn-daily for the
# analysis, the snapshot writer to replay a changed ledger.
data "aws_iam_policy_document" "read_ledgers" {
  statement {
    sid       = "ReadLedgers"
    effect    = "Allow"
    actions   = ["dynamodb:Query"]
    resources = [local.table]

    condition {
      test     = "ForAllValues:StringLike"
      variable = "dynamodb:LeadingKeys"
      values   = [local.key_prefixes.ledger]
    }
  }
}

data "aws_iam_policy_document" "daily" {
  source_policy_documents = [data.aws_iam_policy_document.function_common.json, data.aws_iam_policy_document.read_ledgers.json]

  statement {
    sid       = "ReadAnalysisInputs"
    effect    = "Allow"
    actions   = ["s3:GetObject"]
    resources = [for key in ["rules", "notifications", "blacklist", "tips"] : "${local.data_bucket}/${local.documents[key]}"]
  }

  # The latest scan's candidates, and the monthly lessons: where each bought symbol stood in the
  # scan of its day (the dated CSVs).
  statement {
    sid       = "ReadScans"
    effect    = "Allow"
    actions   = ["s3:GetObject"]
    resources = ["${local.data_bucket}/scans/drawdown/*"]
  }

  # The monthly lessons: the review's patterns, read for the prompt and rewritten once a month.
  statement {
    sid       = "ReadWriteLessons"
    effect    = "Allow"
    actions   = ["s3:GetObject", "s3:PutObject"]
    resources = ["${local.data_bucket}/${local.documents.lessons}"]
  }

  # The Monday line (last week's return against the benchmark) reads the price history and stores
  # what it had to fetch, like /performance.
  statement {
    sid       = "ReadWritePriceHistory"
    effect    = "Allow"
    actions   = ["s3:GetObject", "s3:PutObject"]
    resources = ["${local.data_bucket}/market/history/*"]
  }

  # Today's log is read and rewritten; the month's earlier logs are read for the Claude budget.
  statement {
    sid       = "ReadWriteDailyLogs"
    effect    = "Allow"
    actions   = ["s3:GetObject", "s3:PutObject"]
    resources = ["${local.data_bucket}/logs/daily_analysis_*"]
  }

  # The date's lease (DynamoDocumentLock on UPDATE#daily#<date>), one record per delivery
  # (DynamoIdempotencyStore.once on UPDATE#daily#<date>#<chat>) and the monthly lessons' claim
  # (UPDATE#daily#lessons#<month>#<chat>).
  statement {
    sid       = "RecordDeliveries"
    effect    = "Allow"
    actions   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"]
    resources = [local.table]

    condition {
      test     = "ForAllValues:StringLike"
      variable = "dynamodb:LeadingKeys"
      values   = [local.key_prefixes.daily_deliveries]
    }
  }
}

# The positions snapshot writer (fn-webhook's snapshot.handler): read the ledger table's stream (the
# event source mapping does, with this role), read a chat's ledger, write the one document, and give
# a batch up to the dead-letter queue after the mapping's retries. No secrets, no other document.
data "aws_iam_policy_document" "snapshot_writer" {
  source_policy_documents = [data.aws_iam_policy_document.read_ledgers.json]

  statement {
    sid       = "ReadLedgerStream"
    effect    = "Allow"
    actions   = ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"]
    resources = [module.ledger_table.stream_arn]
  }

  statement {
    sid       = "WritePositionsSnapshot"
    effect    = "Allow"
    actions   = ["s3:PutObject"]
    resources = ["${local.data_bucket}/${local.documents.positions}"]
  }

  statement {
    sid       = "SendGivenUpBatchesToDeadLetterQueue"
    effect    = "Allow"
    actions   = ["sqs:SendMessage"]
    resources = [module.schedules.dead_letter_queue_arn]
  }
}
