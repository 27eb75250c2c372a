# The same resources as ../cloudformation/leakybucket-tables.yaml, which is the reference: the test suite checks the
# IAM actions below against it.

data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

locals {
  stack_creates_tables = var.tables_created_by == "stack"
  table_arn_prefix     = "arn:${data.aws_partition.current.partition}:dynamodb:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:table"
  buckets_table_arn    = "${local.table_arn_prefix}/${var.buckets_table_name}"
  key_value_table_arn  = "${local.table_arn_prefix}/${var.key_value_table_name}"
}

# Hash key name (S), TTL on _ttl (TableLayout.BUCKETS). Bucket state is rebuilt by the next decision: no backup.
resource "aws_dynamodb_table" "buckets" {
  count        = local.stack_creates_tables ? 1 : 0
  name         = var.buckets_table_name
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "name"

  attribute {
    name = "name"
    type = "S"
  }

  ttl {
    attribute_name = "_ttl"
    enabled        = true
  }
}

# Hash key id (S), range key name (S), TTL on expires (TableLayout.KEY_VALUE). Application data: point-in-time
# recovery, and protected from terraform destroy.
resource "aws_dynamodb_table" "key_value" {
  count        = local.stack_creates_tables ? 1 : 0
  name         = var.key_value_table_name
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
  range_key    = "name"

  attribute {
    name = "id"
    type = "S"
  }

  attribute {
    name = "name"
    type = "S"
  }

  ttl {
    attribute_name = "expires"
    enabled        = true
  }

  point_in_time_recovery {
    enabled = true
  }

  lifecycle {
    prevent_destroy = true
  }
}

# What a running application calls (leakybucket.dynamodb.create-tables=false), per table.
resource "aws_iam_policy" "runtime" {
  name_prefix = "leakybucket-runtime-"
  description = "leakybucket at runtime, least privilege on its two tables."
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "BucketsTable"
        Effect = "Allow"
        Action = [
          "dynamodb:DeleteItem",
          "dynamodb:DescribeTable",
          "dynamodb:DescribeTimeToLive",
          "dynamodb:GetItem",
          "dynamodb:UpdateItem",
        ]
        Resource = local.buckets_table_arn
      },
      {
        Sid    = "KeyValueTable"
        Effect = "Allow"
        Action = [
          "dynamodb:BatchGetItem",
          "dynamodb:BatchWriteItem",
          "dynamodb:DeleteItem",
          "dynamodb:DescribeTable",
          "dynamodb:DescribeTimeToLive",
          "dynamodb:GetItem",
          "dynamodb:Query",
          "dynamodb:UpdateItem",
        ]
        Resource = local.key_value_table_arn
      },
    ]
  })
}

# Only with tables_created_by = "application": what leakybucket.dynamodb.create-tables=true adds.
resource "aws_iam_policy" "table_creation" {
  count       = local.stack_creates_tables ? 0 : 1
  name_prefix = "leakybucket-table-creation-"
  description = "leakybucket creating its own tables (leakybucket.dynamodb.create-tables=true)."
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "BucketsTable"
        Effect   = "Allow"
        Action   = ["dynamodb:CreateTable", "dynamodb:UpdateTimeToLive"]
        Resource = local.buckets_table_arn
      },
      {
        Sid      = "KeyValueTable"
        Effect   = "Allow"
        Action   = ["dynamodb:CreateTable", "dynamodb:UpdateTimeToLive"]
        Resource = local.key_value_table_arn
      },
    ]
  })
}

resource "aws_iam_role_policy_attachment" "runtime" {
  count      = var.application_role_name != "" ? 1 : 0
  role       = var.application_role_name
  policy_arn = aws_iam_policy.runtime.arn
}

resource "aws_iam_role_policy_attachment" "table_creation" {
  count      = var.application_role_name != "" && !local.stack_creates_tables ? 1 : 0
  role       = var.application_role_name
  policy_arn = aws_iam_policy.table_creation[0].arn
}
