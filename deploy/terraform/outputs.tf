output "buckets_table_name" {
  description = "Value for leakybucket.dynamodb.tables.buckets."
  value       = var.buckets_table_name
}

output "key_value_table_name" {
  description = "Value for leakybucket.dynamodb.tables.kv."
  value       = var.key_value_table_name
}

output "runtime_policy_arn" {
  description = "Managed policy to attach to the application's role."
  value       = aws_iam_policy.runtime.arn
}

output "table_creation_policy_arn" {
  description = "Managed policy that create-tables=true needs in addition (null unless tables_created_by = \"application\")."
  value       = one(aws_iam_policy.table_creation[*].arn)
}
