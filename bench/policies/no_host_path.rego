package main

import rego.v1

# METADATA
# title: No hostPath volumes
# custom:
#   id: BENCH004
#   severity: high
deny_no_host_path contains msg if {
  some v in input.spec.volumes
  v.hostPath
  msg := sprintf("volume %s mounts a host path", [v.name])
}
