terraform {
  required_version = ">= 1.10"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.25"
    }
  }

  # State lives in the bucket scripts/bootstrap creates (tradebot-tfstate-<account-id>-<region>),
  # locked with an S3 lock file (no DynamoDB lock table). The bucket and region are not known here:
  # pass them at init, as bootstrap prints it and the deploy workflow runs it:
  #   terraform init -backend-config="bucket=<state bucket>" -backend-config="region=<region>"
  # (or put both in backend.hcl, see backend.hcl.example, and pass -backend-config=backend.hcl).
  backend "s3" {
    key          = "tradebot/prod/terraform.tfstate"
    use_lockfile = true
    encrypt      = true
  }
}

provider "aws" {
  region = var.region

  default_tags {
    tags = merge(var.tags, {
      Project   = "tradebot"
      Stage     = var.stage
      ManagedBy = "terraform"
    })
  }
}
