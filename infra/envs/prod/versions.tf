terraform {
  required_version = ">= 1.10"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.25"
    }
  }

  # State lives in the bucket the bootstrap step creates (tradebot-tfstate-<account-id>), locked with
  # an S3 lock file (no DynamoDB lock table). The bucket and region are not known here: pass them
  # with `terraform init -backend-config=backend.hcl` (see backend.hcl.example).
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
      Project     = var.project
      Environment = var.environment
      ManagedBy   = "terraform"
    })
  }
}
