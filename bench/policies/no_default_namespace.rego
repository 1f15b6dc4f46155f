package main

import rego.v1

# METADATA
# title: Nothing in the default namespace
# custom:
#   id: BENCH006
#   severity: low
deny_no_default_namespace contains msg if {
  input.metadata.namespace == "default"
  msg := "objects do not go in the default namespace"
}
