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

output "stream_arn" {
  description = "ARN of the table's DynamoDB stream (an event source mapping reads it); null without stream_view_type."
  value       = aws_dynamodb_table.this.stream_arn
}
