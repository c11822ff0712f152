output "name" {
  description = "Name of the table (TABLE_NAME of the functions)."
  value       = aws_dynamodb_table.this.name
}

output "arn" {
  description = "ARN of the table."
  value       = aws_dynamodb_table.this.arn
}

output "partition_key" {
  description = "Partition key attribute; IAM restricts each function to its key prefixes (dynamodb:LeadingKeys)."
  value       = aws_dynamodb_table.this.hash_key
}
