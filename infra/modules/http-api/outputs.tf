output "api_id" {
  description = "ID of the HTTP API (the ApiId dimension of its metrics)."
  value       = aws_apigatewayv2_api.this.id
}

output "stage_name" {
  description = "Name of the stage (the Stage dimension of its metrics)."
  value       = aws_apigatewayv2_stage.this.name
}

output "url" {
  description = "Full URL of the route, to register with Telegram's setWebhook."
  value       = "${trimsuffix(aws_apigatewayv2_stage.this.invoke_url, "/")}${local.route_path}"
}

output "route_source_arn" {
  description = "execute-api ARN of the route, the only caller the function's permission accepts."
  value       = aws_lambda_permission.this.source_arn
}

output "access_log_group_name" {
  description = "Log group of the stage's access logs."
  value       = aws_cloudwatch_log_group.access.name
}
