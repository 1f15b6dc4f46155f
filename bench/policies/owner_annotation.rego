package main

import rego.v1

# METADATA
# title: Workloads name an owner
# custom:
#   id: BENCH008
#   severity: info
deny_owner_annotation contains msg if {
  not input.metadata.annotations.owner
  msg := "no owner annotation"
}
