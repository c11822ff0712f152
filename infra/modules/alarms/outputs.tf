output "topic_arn" {
  description = "SNS topic every alarm notifies (subscribe more endpoints to it as needed)."
  value       = aws_sns_topic.alarms.arn
}

output "alarm_names" {
  description = "Every alarm, metric and composite."
  value = concat(
    [for alarm in aws_cloudwatch_metric_alarm.function : alarm.alarm_name],
    [for alarm in aws_cloudwatch_metric_alarm.silence : alarm.alarm_name],
    [
      aws_cloudwatch_metric_alarm.webhook_5xx.alarm_name,
      aws_cloudwatch_metric_alarm.dead_letters.alarm_name,
      aws_cloudwatch_metric_alarm.scan_attempts_done.alarm_name,
      aws_cloudwatch_composite_alarm.scan_missed.alarm_name,
    ],
  )
}

output "dashboard_name" {
  description = "Name of the CloudWatch dashboard."
  value       = aws_cloudwatch_dashboard.this.dashboard_name
}

output "metric_namespace" {
  description = "Namespace of the log-based metrics."
  value       = var.metric_namespace
}
