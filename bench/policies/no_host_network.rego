package main

import rego.v1

# METADATA
# title: No host network
# custom:
#   id: BENCH009
#   severity: high
deny_no_host_network contains msg if {
  input.spec.hostNetwork == true
  msg := "pod uses the host network"
}
