account_id = "023e105f4ecef8ad9ca31a8372d0c353"

tunnels = {
  "branch-1" = {
    cloudflare_endpoint = "162.159.64.1"
    customer_endpoint   = "203.0.113.10"
    interface_address   = "10.213.0.10/31"
    description         = "Branch 1, ISP A"
  }
  "branch-2" = {
    cloudflare_endpoint = "162.159.64.1"
    customer_endpoint   = "198.51.100.20"
    interface_address   = "10.213.0.12/31"
  }
}
