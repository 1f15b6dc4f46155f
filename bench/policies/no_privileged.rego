package main

import rego.v1

# METADATA
# title: No privileged containers
# custom:
#   id: BENCH007
#   severity: critical
deny_no_privileged contains msg if {
  some c in input.spec.containers
  c.securityContext.privileged == true
  msg := sprintf("container %s is privileged", [c.name])
}
