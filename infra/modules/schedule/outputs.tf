output "group_name" {
  description = "Name of the schedule group."
  value       = aws_scheduler_schedule_group.this.name
}

output "schedule_names" {
  description = "Full name of each schedule, by short name."
  value       = { for key, schedule in aws_scheduler_schedule.this : key => schedule.name }
}

output "schedule_arns" {
  description = "ARN of each schedule, by short name."
  value       = { for key, schedule in aws_scheduler_schedule.this : key => schedule.arn }
}

output "role_arn" {
  description = "ARN of the role the schedules assume."
  value       = aws_iam_role.this.arn
}

output "dead_letter_queue_arn" {
  description = "ARN of the dead-letter queue (also the async on-failure destination of the scheduled functions, and of the snapshot writer's stream mapping)."
  value       = aws_sqs_queue.dead_letter.arn
}

output "dead_letter_queue_name" {
  description = "Name of the dead-letter queue (the QueueName dimension of its metrics)."
  value       = aws_sqs_queue.dead_letter.name
}

output "dead_letter_queue_url" {
  description = "URL of the dead-letter queue, to read what failed."
  value       = aws_sqs_queue.dead_letter.url
}
