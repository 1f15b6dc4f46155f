package main_test

import data.main
import rego.v1

deployment(image) := {
	"kind": "Deployment",
	"metadata": {"name": "api"},
	"spec": {"template": {
		"metadata": {"labels": {"team": "orders"}},
		"spec": {"containers": [{"name": "api", "image": image}]},
	}},
}

test_latest_is_denied if {
	count(main.deny_unpinned_image) == 1 with input as deployment("ghcr.io/example/api:latest")
}

test_untagged_is_denied if {
	count(main.deny_unpinned_image) == 1 with input as deployment("ghcr.io/example/api")
}

test_registry_port_is_not_a_tag if {
	count(main.deny_unpinned_image) == 1 with input as deployment("registry.local:5000/api")
}

test_version_passes if {
	count(main.deny_unpinned_image) == 0 with input as deployment("ghcr.io/example/api:1.4.2")
}

test_digest_passes if {
	count(main.deny_unpinned_image) == 0 with input as deployment("ghcr.io/example/api@sha256:0123456789abcdef")
}

test_team_label_required if {
	d := json.remove(deployment("ghcr.io/example/api:1.0"), ["spec/template/metadata/labels/team"])
	count(main.warn_missing_team) == 1 with input as d
}
