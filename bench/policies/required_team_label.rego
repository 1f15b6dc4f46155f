package main

import rego.v1

# METADATA
# title: Workloads carry a team label
# custom:
#   id: BENCH001
#   severity: medium
deny_required_team_label contains msg if {
  not input.metadata.labels.team
  msg := sprintf("%s %s has no team label", [input.kind, input.metadata.name])
}
