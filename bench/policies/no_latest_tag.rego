package main

import rego.v1

# METADATA
# title: Images are not tagged latest
# custom:
#   id: BENCH002
#   severity: high
deny_no_latest_tag contains msg if {
  some c in input.spec.containers
  endswith(c.image, ":latest")
  msg := sprintf("container %s uses the latest tag", [c.name])
}
