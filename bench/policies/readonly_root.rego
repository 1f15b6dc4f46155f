package main

import rego.v1

# METADATA
# title: Read-only root filesystem
# custom:
#   id: BENCH010
#   severity: low
deny_readonly_root contains msg if {
  some c in input.spec.containers
  not c.securityContext.readOnlyRootFilesystem
  msg := sprintf("container %s has a writable root filesystem", [c.name])
}
