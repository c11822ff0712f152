output "ssm_prefix" {
  description = "Parameter path of the secrets (SSM_PREFIX)."
  value       = var.ssm_prefix
}

output "parameter_names" {
  description = "Full name of each parameter, by short name, for scripts/put-secrets."
  value       = local.names
}

output "parameter_arns" {
  description = "ARNs of exactly these parameters, for the functions' ssm:GetParameters grants."
  value       = local.arns
}

output "kms_key_arn" {
  description = "Customer managed key of the parameters, or null for the AWS managed key aws/ssm."
  value       = var.kms_key_arn
}
