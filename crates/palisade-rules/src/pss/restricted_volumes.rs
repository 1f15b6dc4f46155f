use palisade_yaml::Node;

use crate::{Cx, Rule};

/// First policy version that runs this check (upstream `restrictedVolumes`).
pub(super) const SINCE: u32 = 0;

/// Volume sources the restricted level allows (`image` since binary 1.33, at every version).
pub const ALLOWED: &[&str] = &[
    "configMap",
    "csi",
    "downwardAPI",
    "emptyDir",
    "ephemeral",
    "image",
    "persistentVolumeClaim",
    "projected",
    "secret",
];

/// Every other volume source the API knows.
pub const DISALLOWED: &[&str] = &[
    "hostPath",
    "gcePersistentDisk",
    "awsElasticBlockStore",
    "gitRepo",
    "nfs",
    "iscsi",
    "glusterfs",
    "rbd",
    "flexVolume",
    "cinder",
    "cephfs",
    "flocker",
    "fc",
    "azureFile",
    "vsphereVolume",
    "quobyte",
    "azureDisk",
    "photonPersistentDisk",
    "portworxVolume",
    "scaleIO",
    "storageos",
];

declare_rule! {
    /// ## What it checks
    /// Pod volumes (`spec.volumes[*]`) whose source is not one of `configMap`, `csi`,
    /// `downwardAPI`, `emptyDir`, `ephemeral`, `image`, `persistentVolumeClaim`, `projected`
    /// or `secret` (upstream check `restrictedVolumes`, restricted, v1.0+; `image` is allowed
    /// at every version, as on current upstream binaries). In the restricted level it
    /// replaces K8S004 (`hostPathVolumes`). One finding per volume. Severity: medium.
    ///
    /// As upstream, a volume with an allowed source passes even if it also names another
    /// one, and a volume with no source at all (only `name`) passes, because the API server
    /// defaults it to `emptyDir`. A key the API does not know as a volume source is
    /// reported as an unknown source.
    ///
    /// ## Why it matters
    /// Network and node-level volume types (`hostPath`, `nfs`, `iscsi`, `rbd`, `cephfs`,
    /// `flexVolume`, ...) bypass the PersistentVolume layer: the pod author picks the server,
    /// path and credentials, so a pod can mount storage that belongs to someone else or to
    /// the node. `gitRepo` has had command-execution bugs in the kubelet (CVE-2018-11235,
    /// CVE-2024-10220). The allowed types are either ephemeral or mediated by a claim an
    /// administrator controls.
    ///
    /// ## How to fix
    /// Use a PersistentVolumeClaim for storage, and ConfigMaps, Secrets or `emptyDir` for
    /// the rest.
    /// ```yaml
    /// # before
    /// volumes: [{name: data, nfs: {server: 10.0.0.5, path: /exports}}]
    /// # after
    /// volumes: [{name: data, persistentVolumeClaim: {claimName: data}}]
    /// ```
    ///
    /// ## References
    /// - Pod Security Standards, restricted: "Volume Types" (check `restrictedVolumes`, v1.0+)
    /// - CIS Kubernetes Benchmark 5.2.12 (hostPath volumes)
    /// - NSA/CISA Kubernetes Hardening Guide: "Pod security"
    /// - MITRE ATT&CK for Containers: T1611 Escape to Host
    pub struct RestrictedVolumes {
        id: "K8S020",
        name: "restricted-volume-types",
        family: "pod-security",
        severity: Medium,
        summary: "Pod uses a volume type outside the restricted set",
        remediation: "Use only configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected or secret volumes.",
        tags: ["pss:restricted", "CIS-5.2.12", "NSA-CISA:pod-security", "MITRE:T1611"],
    }
}

impl Rule for RestrictedVolumes {
    fn check(&self, cx: &mut Cx<'_>) {
        if !cx.pss_version.at_least(SINCE) {
            return;
        }
        let Some(pod) = cx.pod() else { return };
        let Some(volumes) = pod.spec.get("volumes") else {
            return;
        };
        for (i, volume) in volumes.items().iter().enumerate() {
            let Some((source, key)) = disallowed_source(volume) else {
                continue;
            };
            let name = volume.get("name").and_then(Node::as_str).unwrap_or("");
            let title = if DISALLOWED.contains(&source) {
                format!("volume `{name}` uses volume type `{source}`")
            } else {
                format!("volume `{name}` uses unknown volume type `{source}`")
            };
            cx.report(
                key.mark,
                pod.field(&format!("volumes[{i}].{source}")),
                title,
            )
            .key(name)
            .emit();
        }
    }
}

/// The first source of `volume` that makes it fail, with its key node: `None` when it has an
/// allowed source or no source at all (defaulted to `emptyDir`). Null-valued keys are not a
/// source.
fn disallowed_source(volume: &Node) -> Option<(&str, &Node)> {
    let sources: Vec<(&str, &Node)> = volume
        .entries()
        .iter()
        .filter(|(_, v)| !v.is_null())
        .filter_map(|(k, _)| Some((k.as_str()?, k)))
        .filter(|(k, _)| *k != "name")
        .collect();
    if sources.iter().any(|(k, _)| ALLOWED.contains(k)) {
        return None;
    }
    sources
        .iter()
        .find(|(k, _)| DISALLOWED.contains(k))
        .or_else(|| sources.first())
        .copied()
}
