package main

import rego.v1

# METADATA
# title: Containers set a memory limit
# custom:
#   id: BENCH005
#   severity: low
deny_memory_limit contains msg if {
  some c in input.spec.containers
  not c.resources.limits.memory
  msg := sprintf("container %s has no memory limit", [c.name])
}
