use super::common::{concrete_image, ImageRef, Mutable};
use crate::{Cx, Rule};

declare_rule! {
    /// ## What it checks
    /// Containers, init containers and ephemeral containers whose image has no tag
    /// (`nginx`, `registry:5000/app` — the `:5000` is the registry's port, not a tag) or the
    /// tag `latest`, and no digest. Images pinned by digest (`app@sha256:…`, with or without
    /// a tag) are fine. Images that are template placeholders (`${IMAGE}`, `{{ .image }}`)
    /// are not judged.
    ///
    /// ## Why it matters
    /// A missing tag means `:latest`, and `latest` is whatever was pushed last. What runs is
    /// decided at pull time, node by node: replicas of one Deployment can run different
    /// code, a rollback does not roll anything back, and anyone who can push to the
    /// repository — a compromised CI token, a typo-squatted public name — gets their image
    /// run by the next pod restart (Implant Internal Image, MITRE ATT&CK T1525). Reviews and
    /// vulnerability scans of "the image" are about an image that may no longer be the one
    /// deployed.
    ///
    /// ## How to fix
    /// Pin a versioned tag, or better a digest (see K8S035).
    /// ```yaml
    /// # before
    /// image: nginx
    /// # after
    /// image: nginx:1.27.3@sha256:<digest of that tag, resolved in CI>
    /// ```
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark 5.5.1 (Configure image provenance)
    /// - NSA/CISA Kubernetes Hardening Guide: "Building secure container images" (image scanning and signing)
    /// - MITRE ATT&CK for Containers: T1525 (Implant Internal Image)
    pub struct ImageNotPinned {
        id: "K8S034",
        name: "image-tag-mutable",
        family: "workload",
        severity: Medium,
        summary: "Image has no tag or uses :latest",
        remediation: "Use a versioned image tag, preferably pinned by digest (image: repo/app:1.4.2@sha256:...).",
        tags: ["CIS-5.5.1", "NSA-CISA:secure-images", "MITRE:T1525"],
    }
}

impl Rule for ImageNotPinned {
    fn check(&self, cx: &mut Cx<'_>) {
        let Some(pod) = cx.pod() else { return };
        for c in pod.containers() {
            let Some((node, image)) = concrete_image(&c) else {
                continue;
            };
            let title = match ImageRef::parse(image).mutable() {
                None => continue,
                Some(Mutable::NoTag) => format!(
                    "container `{}` uses image `{image}` with no tag (pulls :latest)",
                    c.name
                ),
                Some(Mutable::Latest) => {
                    format!("container `{}` uses the `latest` tag: `{image}`", c.name)
                }
            };
            cx.report_container(&c, Some(node), "image", title)
                .evidence(image)
                .emit();
        }
    }
}
