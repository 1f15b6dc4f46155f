use palisade_core::Severity;
use palisade_yaml::Node;

use super::common::{service_ports, service_type};
use crate::{Cx, Rule};

/// Annotations with which cloud providers make a LoadBalancer internal (reachable only from
/// the VPC/VNet), with the value that turns it on (`None`: any value but `false`).
const INTERNAL: &[(&str, Option<&str>)] = &[
    ("networking.gke.io/load-balancer-type", Some("internal")),
    ("cloud.google.com/load-balancer-type", Some("internal")),
    (
        "service.beta.kubernetes.io/aws-load-balancer-internal",
        None,
    ),
    (
        "service.beta.kubernetes.io/aws-load-balancer-scheme",
        Some("internal"),
    ),
    (
        "service.beta.kubernetes.io/azure-load-balancer-internal",
        Some("true"),
    ),
    (
        "service.beta.kubernetes.io/oci-load-balancer-internal",
        Some("true"),
    ),
    (
        "service.beta.kubernetes.io/openstack-internal-load-balancer",
        Some("true"),
    ),
    (
        "service.kubernetes.io/ibm-load-balancer-cloud-provider-ip-type",
        Some("private"),
    ),
    (
        "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type",
        Some("intranet"),
    ),
];

/// The legacy annotation form of `spec.loadBalancerSourceRanges`.
const SOURCE_RANGES_ANNOTATION: &str = "service.beta.kubernetes.io/load-balancer-source-ranges";

declare_rule! {
    /// ## What it checks
    /// Services of `type: LoadBalancer`. Severity depends on who can reach the balancer:
    /// - medium: no source restriction, or one that still allows everyone (`0.0.0.0/0`,
    ///   `::/0`);
    /// - low: `spec.loadBalancerSourceRanges` (or the legacy
    ///   `service.beta.kubernetes.io/load-balancer-source-ranges` annotation) lists narrower
    ///   ranges, or a cloud provider annotation makes the balancer internal
    ///   (`networking.gke.io/load-balancer-type: Internal`,
    ///   `service.beta.kubernetes.io/aws-load-balancer-scheme: internal`,
    ///   `service.beta.kubernetes.io/azure-load-balancer-internal: "true"`, and the OCI,
    ///   OpenStack, IBM and Alibaba equivalents).
    ///
    /// ## Why it matters
    /// On a cloud provider a LoadBalancer Service gets a public IP address by default: the
    /// pods behind it are reachable from the whole internet, bypassing any Ingress, WAF or
    /// authentication layer the cluster's other entry points have. Each one is an entry
    /// point to inventory and defend; an unintended one (a database, an admin UI, a metrics
    /// endpoint exposed "for a quick test") is found by internet-wide scanners within hours
    /// (Exploit Public-Facing Application, MITRE ATT&CK T1190). LoadBalancer Services also
    /// allocate a NodePort on every node (see K8S051) unless
    /// `allocateLoadBalancerNodePorts: false`.
    ///
    /// ## How to fix
    /// Expose HTTP through an Ingress or Gateway with TLS; for other traffic, restrict the
    /// sources or make the balancer internal.
    /// ```yaml
    /// # before
    /// spec:
    ///   type: LoadBalancer
    /// # after
    /// spec:
    ///   type: LoadBalancer
    ///   loadBalancerSourceRanges: [203.0.113.0/24]
    /// ```
    ///
    /// ## References
    /// - NSA/CISA Kubernetes Hardening Guide: "Network separation and hardening"
    /// - Kubernetes documentation: "Service" (type LoadBalancer, loadBalancerSourceRanges)
    /// - MITRE ATT&CK for Containers: T1190 (Exploit Public-Facing Application)
    pub struct ServiceLoadBalancer {
        id: "K8S050",
        name: "service-type-loadbalancer",
        family: "objects",
        severity: Medium,
        summary: "Service of type LoadBalancer exposes pods outside the cluster",
        remediation: "Expose HTTP through an Ingress/Gateway; otherwise set loadBalancerSourceRanges or make the load balancer internal.",
        tags: ["NSA-CISA:network-separation", "MITRE:T1190"],
    }
}

impl Rule for ServiceLoadBalancer {
    fn check(&self, cx: &mut Cx<'_>) {
        let obj = cx.object();
        let Some(ty) = service_type(obj, "LoadBalancer") else {
            return;
        };
        let Some(spec) = obj.node.get("spec") else {
            return;
        };
        let mut ranges: Vec<String> = spec
            .get("loadBalancerSourceRanges")
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .filter_map(|r| r.as_str().map(|s| s.trim().to_string()))
            .filter(|s| !s.is_empty())
            .collect();
        if ranges.is_empty() {
            ranges = obj
                .annotation(SOURCE_RANGES_ANNOTATION)
                .unwrap_or("")
                .split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect();
        }
        let open_to_all = ranges.iter().any(|r| r == "0.0.0.0/0" || r == "::/0");
        let internal = INTERNAL.iter().find(|(key, wanted)| {
            obj.annotation(key).is_some_and(|v| match wanted {
                Some(w) => v.trim().eq_ignore_ascii_case(w),
                None => !v.trim().eq_ignore_ascii_case("false") && !v.trim().is_empty(),
            })
        });
        let (title, severity) = if let Some((key, _)) = internal {
            (
                format!(
                    "Service `{}` is an internal LoadBalancer (`{key}`)",
                    obj.name
                ),
                Severity::Low,
            )
        } else if !ranges.is_empty() && !open_to_all {
            (
                format!(
                    "Service `{}` is a LoadBalancer limited to source ranges {}",
                    obj.name,
                    ranges.join(", ")
                ),
                Severity::Low,
            )
        } else {
            (
                format!(
                    "Service `{}` is a LoadBalancer reachable from any address",
                    obj.name
                ),
                Severity::Medium,
            )
        };
        cx.report(ty.mark, "spec.type", title)
            .severity(severity)
            .evidence(service_ports(spec))
            .emit();
    }
}
