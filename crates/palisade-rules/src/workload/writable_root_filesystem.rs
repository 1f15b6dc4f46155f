use palisade_k8s::ContainerKind;

use crate::{Cx, Rule};

declare_rule! {
    /// ## What it checks
    /// Containers and init containers of every pod-bearing kind whose
    /// `securityContext.readOnlyRootFilesystem` is not `true` (missing, or `false`).
    /// Ephemeral debugging containers are skipped (they are started by a person, usually to
    /// install tools), and so are Windows pods (`spec.os.name: windows`), where the field
    /// is not supported.
    ///
    /// ## Why it matters
    /// With a writable root filesystem, an attacker who gets code execution can download
    /// and run tools, replace the application's own binaries, scripts or configuration so
    /// the change survives until the pod is replaced, and hide in the container's writable
    /// layer. A read-only root forces every write to an explicitly mounted volume, which is
    /// small and reviewable, and makes tampering with the image's own files fail loudly.
    ///
    /// ## How to fix
    /// Make the root read-only and mount writable `emptyDir` volumes only where the process
    /// writes (`/tmp`, caches).
    /// ```yaml
    /// # before
    /// containers:
    ///   - name: api
    ///     image: shop/api:1.4.2
    /// # after
    /// containers:
    ///   - name: api
    ///     image: shop/api:1.4.2
    ///     securityContext: {readOnlyRootFilesystem: true}
    ///     volumeMounts: [{name: tmp, mountPath: /tmp}]
    /// volumes: [{name: tmp, emptyDir: {}}]
    /// ```
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark 5.7.3 (Apply Security Context to Your Pods and Containers)
    /// - NSA/CISA Kubernetes Hardening Guide: "Immutable container file systems"
    pub struct WritableRootFilesystem {
        id: "K8S040",
        name: "writable-root-filesystem",
        family: "workload",
        severity: Low,
        summary: "Container root filesystem is writable",
        remediation: "Set securityContext.readOnlyRootFilesystem: true and mount emptyDir volumes where the process must write.",
        tags: ["CIS-5.7.3", "NSA-CISA:immutable-filesystem"],
    }
}

impl Rule for WritableRootFilesystem {
    fn check(&self, cx: &mut Cx<'_>) {
        let Some(pod) = cx.pod() else { return };
        if pod.is_windows() {
            return;
        }
        for c in pod
            .containers()
            .filter(|c| c.kind != ContainerKind::Ephemeral)
        {
            let node = c.security("readOnlyRootFilesystem");
            if node.and_then(|n| n.as_bool()) == Some(true) {
                continue;
            }
            let title = if node.is_some_and(|n| n.as_bool() == Some(false)) {
                format!("container `{}` sets readOnlyRootFilesystem: false", c.name)
            } else {
                format!("container `{}` has a writable root filesystem", c.name)
            };
            cx.report_container(
                &c,
                node.filter(|n| !n.is_null()),
                "securityContext.readOnlyRootFilesystem",
                title,
            )
            .emit();
        }
    }
}
