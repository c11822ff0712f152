# Names only. The values never pass through Terraform: scripts/put-secrets writes them with
# `aws ssm put-parameter --type SecureString`, so they are in neither the plan nor the state.
# (An aws_ssm_parameter resource, even with ignore_changes = [value] and a placeholder, reads the
# real value back into the state on every refresh; a data source would do the same.)
data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  names = { for name in var.parameter_names : name => "${var.ssm_prefix}/${name}" }
  # A parameter ARN is arn:...:parameter<full name>; the name starts with the slash.
  arns = [for name in var.parameter_names : "arn:${data.aws_partition.current.partition}:ssm:${data.aws_region.current.region}:${data.aws_caller_identity.current.account_id}:parameter${local.names[name]}"]
}
