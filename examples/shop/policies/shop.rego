# METADATA
# title: Shop deployment conventions
# description: House rules of the shop team, checked on every manifest in CI and at admission.
# custom:
#   severity: medium
package main

import rego.v1

# The pod spec of a workload (or the Pod itself).
pod_spec := input.spec.template.spec if input.spec.template.spec
pod_spec := input.spec if input.kind == "Pod"
pod_spec := input.spec.jobTemplate.spec.template.spec if input.kind == "CronJob"

# METADATA
# title: Images come from the shop's registry with a pinned version
# description: >-
#   Every image is pulled from ghcr.io/example and names a version (or a digest). An
#   image without a tag runs whatever was pushed last, on each node a different one.
# related_resources:
# - ref: https://kubernetes.io/docs/concepts/containers/images/#image-names
#   description: image names, tags and digests
# custom:
#   id: SHOP001
#   severity: high
#   remediation: Use ghcr.io/example/<name>:<version> or an @sha256 digest.
deny_unpinned_image contains msg if {
	some c in pod_spec.containers
	not pinned(c.image)
	msg := sprintf("%s %s: container %s image %s has no version tag or digest", [input.kind, input.metadata.name, c.name, c.image])
}

pinned(image) if contains(image, "@sha256:")

pinned(image) if {
	parts := split(image, "/")
	last := parts[count(parts) - 1]
	contains(last, ":")
	not endswith(last, ":latest")
}

# METADATA
# title: Workloads say which team owns them
# description: The `team` label on the pod template routes alerts to the people who can act.
# custom:
#   id: SHOP002
#   remediation: Add a `team` label to spec.template.metadata.labels.
warn_missing_team contains msg if {
	input.kind in {"Deployment", "StatefulSet", "DaemonSet"}
	not input.spec.template.metadata.labels.team
	msg := sprintf("%s %s has no team label on its pod template", [input.kind, input.metadata.name])
}
