# IPsec tunnels managed by Terraform while this action rotates their PSKs.
#
# The provider never reads a PSK back (Cloudflare does not return it), so Terraform cannot see a
# rotation; but every update of a tunnel sends the `psk` that its configuration, or with
# ignore_changes its state, holds. Keep `psk` out of both, and out of the configuration for good:
# then no apply can send an old key back and take a site down.

terraform {
  required_version = ">= 1.5"
  required_providers {
    cloudflare = {
      source  = "cloudflare/cloudflare"
      version = "~> 5.0"
    }
  }
}

provider "cloudflare" {
  # Reads CLOUDFLARE_API_TOKEN from the environment.
}

variable "account_id" {
  description = "The Cloudflare account that holds the tunnels."
  type        = string
}

variable "tunnels" {
  description = "One entry per IPsec tunnel, keyed by its name."
  type = map(object({
    cloudflare_endpoint = string
    customer_endpoint   = string
    interface_address   = string
    description         = optional(string)
  }))
}

resource "cloudflare_magic_wan_ipsec_tunnel" "site" {
  for_each = var.tunnels

  account_id          = var.account_id
  name                = each.key
  cloudflare_endpoint = each.value.cloudflare_endpoint
  customer_endpoint   = each.value.customer_endpoint
  interface_address   = each.value.interface_address
  description         = each.value.description

  health_check = {
    enabled   = true
    direction = "bidirectional"
    rate      = "mid"
    type      = "request"
  }

  # No `psk` here: the rotation workflow generates and stores the PSKs.
  lifecycle {
    # Guards against a `psk` added to this file later: with the attribute ignored, Terraform plans
    # the value in state, which stays empty for tunnels created or imported without one.
    ignore_changes = [psk]
  }
}

output "tunnel_ids" {
  description = "Tunnel IDs by name, for the rotation workflow's tunnel-ids input."
  value       = { for name, tunnel in cloudflare_magic_wan_ipsec_tunnel.site : name => tunnel.id }
}
