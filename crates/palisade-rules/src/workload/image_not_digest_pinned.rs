use super::common::{concrete_image, ImageRef};
use crate::{Cx, Rule};

declare_rule! {
    /// ## What it checks
    /// Containers, init containers and ephemeral containers whose image names a fixed-looking
    /// tag (`app:1.4.2`) but no digest. Images with no tag or `:latest` are reported by
    /// K8S034 instead, never by both rules. Off by default: enable it where images are
    /// expected to be pinned by digest (for instance after an admission controller or
    /// `kustomize edit set image` resolves them).
    ///
    /// ## Why it matters
    /// Tags are mutable pointers: `app:1.4.2` can be re-pushed, by mistake or by someone
    /// holding a push credential, and nodes that pull afterwards run the new content (Implant
    /// Internal Image, MITRE ATT&CK T1525). A digest names exactly one image manifest, so
    /// what was reviewed, scanned and signed is what runs.
    ///
    /// ## How to fix
    /// ```yaml
    /// # before
    /// image: shop/api:1.4.2
    /// # after
    /// image: shop/api:1.4.2@sha256:<digest of that build, resolved in CI>
    /// ```
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark 5.5.1 (Configure image provenance)
    /// - NSA/CISA Kubernetes Hardening Guide: "Building secure container images"
    /// - MITRE ATT&CK for Containers: T1525 (Implant Internal Image)
    pub struct ImageNotDigestPinned {
        id: "K8S035",
        name: "image-not-pinned-by-digest",
        family: "workload",
        severity: Low,
        summary: "Image is pinned by tag only, not by digest",
        remediation: "Reference the image by digest (repo/app:1.4.2@sha256:...), resolved in CI.",
        tags: ["CIS-5.5.1", "NSA-CISA:secure-images", "MITRE:T1525"],
        default_enabled: false,
    }
}

impl Rule for ImageNotDigestPinned {
    fn check(&self, cx: &mut Cx<'_>) {
        let Some(pod) = cx.pod() else { return };
        for c in pod.containers() {
            let Some((node, image)) = concrete_image(&c) else {
                continue;
            };
            let r = ImageRef::parse(image);
            let Some(tag) = r
                .tag
                .filter(|_| r.digest.is_none() && r.mutable().is_none())
            else {
                continue;
            };
            cx.report_container(
                &c,
                Some(node),
                "image",
                format!(
                    "container `{}` image `{}` is pinned by tag `{tag}`, not by digest",
                    c.name, r.name
                ),
            )
            .evidence(image)
            .emit();
        }
    }
}
