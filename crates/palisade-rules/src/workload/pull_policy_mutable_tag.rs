use super::common::{concrete_image, ImageRef, Mutable};
use crate::{Cx, Rule};

declare_rule! {
    /// ## What it checks
    /// Containers, init containers and ephemeral containers that combine a mutable image
    /// reference (no tag, or `:latest`, and no digest) with `imagePullPolicy: IfNotPresent`
    /// or `Never`. A missing `imagePullPolicy` is fine: for an image with no tag or
    /// `:latest`, the API server defaults the policy to `Always`. `Always` is fine. Pinned
    /// tags and digests are fine with any policy (their content does not change, so a
    /// cached copy is the right copy).
    ///
    /// ## Why it matters
    /// With `IfNotPresent` or `Never`, the kubelet runs whatever image the node already has
    /// under that name, and for a mutable name that is unknowable from the manifest:
    /// - **Stale caches.** Each node keeps the `latest` it pulled first. Replicas on
    ///   different nodes run different builds, and a security fix pushed to `latest` never
    ///   reaches nodes that already hold the old one — the vulnerable build keeps running
    ///   while the manifest looks current.
    /// - **Planted images.** Anyone who can write to a node's image store (a node-level
    ///   compromise, a privileged pod talking to the container runtime socket, a poisoned
    ///   node image) can tag their own image as `app:latest` there; with `Never` or
    ///   `IfNotPresent` the kubelet runs it without asking the registry (Implant Internal
    ///   Image, MITRE ATT&CK T1525). `Always` makes the kubelet resolve the name at the
    ///   registry on every start, so the registry's current digest wins.
    /// - **Borrowed credentials.** Unless the kubelet's `KubeletEnsureSecretPulledImages`
    ///   feature is on, an image already cached on a node is run without checking that the
    ///   new pod holds pull credentials for it: a pod of another team scheduled on the same
    ///   node can run (and read) a private image it could never pull itself. `Always`, or
    ///   the `AlwaysPullImages` admission plugin, forces the credential check.
    ///
    /// ## How to fix
    /// Pin the image (then `IfNotPresent` is safe and saves pulls), or drop the policy so it
    /// defaults to `Always`.
    /// ```yaml
    /// # before
    /// image: shop/api:latest
    /// imagePullPolicy: IfNotPresent
    /// # after
    /// image: shop/api:1.4.2@sha256:<digest of that build, resolved in CI>
    /// imagePullPolicy: IfNotPresent
    /// ```
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark 1.2.11 (Ensure that the admission control plugin AlwaysPullImages is set)
    /// - Kubernetes documentation: "Images" (image pull policy defaulting), KEP-2535 "Ensure secret pulled images"
    /// - NSA/CISA Kubernetes Hardening Guide: "Building secure container images"
    /// - MITRE ATT&CK for Containers: T1525 (Implant Internal Image)
    pub struct PullPolicyMutableTag {
        id: "K8S036",
        name: "pull-policy-with-mutable-tag",
        family: "workload",
        severity: Low,
        summary: "Mutable image tag used with imagePullPolicy IfNotPresent or Never",
        remediation: "Pin the image by version or digest, or remove imagePullPolicy so it defaults to Always for :latest.",
        tags: ["CIS-1.2.11", "NSA-CISA:secure-images", "MITRE:T1525"],
    }
}

impl Rule for PullPolicyMutableTag {
    fn check(&self, cx: &mut Cx<'_>) {
        let Some(pod) = cx.pod() else { return };
        for c in pod.containers() {
            let Some((_, image)) = concrete_image(&c) else {
                continue;
            };
            let Some(mutable) = ImageRef::parse(image).mutable() else {
                continue;
            };
            let Some((node, policy)) = c.node.get("imagePullPolicy").and_then(|n| {
                n.as_str()
                    .filter(|p| matches!(*p, "IfNotPresent" | "Never"))
                    .map(|p| (n, p))
            }) else {
                continue;
            };
            let what = match mutable {
                Mutable::NoTag => "untagged image",
                Mutable::Latest => "image",
            };
            cx.report_container(
                &c,
                Some(node),
                "imagePullPolicy",
                format!(
                    "container `{}` runs {what} `{image}` with imagePullPolicy {policy}",
                    c.name
                ),
            )
            .evidence(format!("image: {image}, imagePullPolicy: {policy}"))
            .emit();
        }
    }
}
