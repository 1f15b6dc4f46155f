use super::common::{service_ports, service_type};
use crate::{Cx, Rule};

declare_rule! {
    /// ## What it checks
    /// Services of `type: NodePort`. (LoadBalancer Services also allocate node ports; they
    /// are reported by K8S050 instead.)
    ///
    /// ## Why it matters
    /// A NodePort opens the same port (30000–32767 by default) on every node of the
    /// cluster, on all of the node's addresses, and forwards it to the pods. Whoever can
    /// reach any node — often the whole VPC, sometimes the internet when nodes have public
    /// IPs — reaches the service directly, around the Ingress, its TLS and its
    /// authentication, and NetworkPolicies see the traffic as coming from the node (or
    /// from the original client, depending on `externalTrafficPolicy` and the CNI), which
    /// makes them easy to get wrong (Exploit Public-Facing Application, MITRE ATT&CK
    /// T1190).
    ///
    /// ## How to fix
    /// Use `ClusterIP` behind an Ingress or Gateway; if a node port is really needed, block
    /// the range at the node firewall except for the load balancer's addresses.
    /// ```yaml
    /// # before
    /// spec:
    ///   type: NodePort
    ///   ports: [{port: 80, targetPort: 8079, nodePort: 30001}]
    /// # after
    /// spec:
    ///   type: ClusterIP
    ///   ports: [{port: 80, targetPort: 8079}]
    /// ```
    ///
    /// ## References
    /// - NSA/CISA Kubernetes Hardening Guide: "Network separation and hardening"
    /// - Kubernetes documentation: "Service" (type NodePort)
    /// - MITRE ATT&CK for Containers: T1190 (Exploit Public-Facing Application)
    pub struct ServiceNodePort {
        id: "K8S051",
        name: "service-type-nodeport",
        family: "objects",
        severity: Low,
        summary: "Service of type NodePort opens a port on every node",
        remediation: "Use a ClusterIP Service behind an Ingress or Gateway, or firewall the node port range.",
        tags: ["NSA-CISA:network-separation", "MITRE:T1190"],
    }
}

impl Rule for ServiceNodePort {
    fn check(&self, cx: &mut Cx<'_>) {
        let obj = cx.object();
        let Some(ty) = service_type(obj, "NodePort") else {
            return;
        };
        let ports = obj.node.get("spec").map(service_ports).unwrap_or_default();
        cx.report(
            ty.mark,
            "spec.type",
            format!("Service `{}` is a NodePort, open on every node", obj.name),
        )
        .evidence(ports)
        .emit();
    }
}
