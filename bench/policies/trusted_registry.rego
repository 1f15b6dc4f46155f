package main

import rego.v1

# METADATA
# title: Images come from the company registry
# custom:
#   id: BENCH003
#   severity: medium
deny_trusted_registry contains msg if {
  some c in input.spec.containers
  not startswith(c.image, "registry.shop.example/")
  msg := sprintf("container %s image %s is not from registry.shop.example", [c.name, c.image])
}
