use palisade_yaml::Node;

use crate::{Cx, Rule};

/// Annotations with which cloud ingress controllers attach certificates outside `spec.tls`.
const CONTROLLER_TLS: &[&str] = &[
    "alb.ingress.kubernetes.io/certificate-arn",
    "ingress.gcp.kubernetes.io/pre-shared-cert",
    "networking.gke.io/managed-certificates",
    "appgw.ingress.kubernetes.io/appgw-ssl-certificate",
];

declare_rule! {
    /// ## What it checks
    /// Ingresses (`networking.k8s.io/v1` and the old `extensions/v1beta1`) that serve a host
    /// without TLS:
    /// - one finding per host of `spec.rules` that no `spec.tls[].hosts` entry covers
    ///   (exactly, or by a `*.example.com` wildcard one label deep). A `tls` entry with no
    ///   `hosts` covers every host (the controller's default certificate);
    /// - one finding for rules without a host, or a default backend with no rules, when the
    ///   Ingress has no `spec.tls` at all.
    ///
    /// Certificates attached by controller annotations instead of `spec.tls` (AWS ALB
    /// `alb.ingress.kubernetes.io/certificate-arn`, GKE `pre-shared-cert` and
    /// `managed-certificates`, Azure `appgw-ssl-certificate`) count as TLS for every host.
    ///
    /// ## Why it matters
    /// Without TLS, everything between the client and the ingress controller is in clear
    /// text: session cookies, bearer tokens, passwords posted to login forms and the pages
    /// themselves can be read and altered by anyone on the path (public Wi-Fi, a
    /// compromised router, a cloud network tap). Browsers mark the site as insecure, and an
    /// attacker can downgrade users who type the bare host name.
    ///
    /// ## How to fix
    /// Add a `tls` entry for every host (cert-manager can issue the certificate), and
    /// redirect HTTP to HTTPS in the controller.
    /// ```yaml
    /// # before
    /// spec:
    ///   rules:
    ///     - host: shop.example.com
    ///       http: {paths: [...]}
    /// # after
    /// spec:
    ///   tls:
    ///     - hosts: [shop.example.com]
    ///       secretName: shop-example-com-tls
    ///   rules:
    ///     - host: shop.example.com
    ///       http: {paths: [...]}
    /// ```
    ///
    /// ## References
    /// - NSA/CISA Kubernetes Hardening Guide: "Network separation and hardening" (encrypt traffic with TLS)
    /// - Kubernetes documentation: "Ingress" (TLS)
    /// - CWE-319: Cleartext Transmission of Sensitive Information
    pub struct IngressWithoutTls {
        id: "K8S052",
        name: "ingress-without-tls",
        family: "objects",
        severity: Medium,
        summary: "Ingress serves a host without TLS",
        remediation: "Add a spec.tls entry (hosts + secretName) covering every host of the Ingress.",
        tags: ["NSA-CISA:encryption"],
    }
}

impl Rule for IngressWithoutTls {
    fn check(&self, cx: &mut Cx<'_>) {
        let obj = cx.object();
        if obj.kind != "Ingress" {
            return;
        }
        let Some(spec) = obj.node.get("spec").filter(|s| s.is_map()) else {
            return;
        };
        if CONTROLLER_TLS.iter().any(|a| obj.annotation(a).is_some()) {
            return;
        }
        let tls = spec.get("tls").map(Node::items).unwrap_or(&[]);
        let has_tls = !tls.is_empty();
        let mut tls_hosts = Vec::new();
        let mut covers_all = false;
        for entry in tls {
            let hosts = entry.get("hosts").map(Node::items).unwrap_or(&[]);
            if hosts.is_empty() {
                covers_all = true;
            }
            tls_hosts.extend(hosts.iter().filter_map(Node::as_str));
        }
        let mut seen: Vec<String> = Vec::new();
        let mut hostless: Option<(&Node, String)> = None;
        let rules = spec.get("rules").map(Node::items).unwrap_or(&[]);
        for (i, rule) in rules.iter().enumerate() {
            let host = rule
                .get("host")
                .and_then(|h| h.as_str().map(|s| (h, s.trim())))
                .filter(|(_, s)| !s.is_empty());
            let Some((node, host)) = host else {
                if hostless.is_none() {
                    hostless = Some((rule, format!("spec.rules[{i}]")));
                }
                continue;
            };
            let lower = host.to_ascii_lowercase();
            if seen.contains(&lower) {
                continue;
            }
            seen.push(lower);
            if covers_all || tls_hosts.iter().any(|t| covers(t, host)) {
                continue;
            }
            cx.report(
                node.mark,
                format!("spec.rules[{i}].host"),
                format!("Ingress `{}` serves host `{host}` without TLS", obj.name),
            )
            .key(host.to_ascii_lowercase())
            .emit();
        }
        if has_tls {
            return;
        }
        let default_backend = spec
            .get("defaultBackend")
            .or_else(|| spec.get("backend"))
            .filter(|b| !b.is_null());
        let catch_all = hostless.or_else(|| {
            default_backend
                .filter(|_| rules.is_empty())
                .map(|b| (b, "spec.defaultBackend".to_string()))
        });
        if let Some((node, field)) = catch_all {
            cx.report(
                node.mark,
                field,
                format!(
                    "Ingress `{}` serves requests for any host without TLS (no spec.tls)",
                    obj.name
                ),
            )
            .key("*")
            .emit();
        }
    }
}

/// True when the TLS host `tls` covers the rule host `host`: equal (ignoring case), or a
/// `*.` wildcard that matches exactly one leading label.
fn covers(tls: &str, host: &str) -> bool {
    let (tls, host) = (tls.trim().to_ascii_lowercase(), host.to_ascii_lowercase());
    if tls == host {
        return true;
    }
    match (tls.strip_prefix("*."), host.split_once('.')) {
        (Some(suffix), Some((label, rest))) => !label.is_empty() && rest == suffix,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::covers;

    #[test]
    fn wildcards_cover_one_label() {
        assert!(covers("shop.example.com", "Shop.Example.com"));
        assert!(covers("*.example.com", "shop.example.com"));
        assert!(!covers("*.example.com", "a.shop.example.com"));
        assert!(!covers("*.example.com", "example.com"));
        assert!(covers("*.example.com", "*.example.com"));
        assert!(!covers("example.com", "shop.example.com"));
    }
}
