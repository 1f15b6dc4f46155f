//! `palisade admission manifests`: everything to install the webhook, as YAML text:
//! Namespace, ServiceAccount, a hardened Deployment (it passes `palisade scan` with no high
//! finding), Service, and the validating and mutating webhook configurations with
//! caBundle, failurePolicy, sideEffects, timeoutSeconds and a namespaceSelector that
//! exempts kube-system and the webhook's own namespace (so it can never block itself).

use std::fmt::Write as _;

/// What the manifests are made for.
#[derive(Clone, Debug)]
pub struct ManifestOptions {
    /// Namespace the webhook runs in.
    pub namespace: String,
    /// Service (and Deployment, ServiceAccount) name.
    pub service: String,
    /// Container image (pin a digest in production).
    pub image: String,
    /// Base64 of the CA certificate PEM (`ca.crt`), or empty.
    pub ca_bundle: String,
    /// `Fail` (secure) or `Ignore`.
    pub failure_policy: String,
    /// Webhook timeout, 1 to 30 seconds.
    pub timeout_seconds: u32,
    /// Replicas of the Deployment.
    pub replicas: u32,
    /// Name of the Secret holding `tls.crt` and `tls.key`.
    pub tls_secret: String,
}

impl Default for ManifestOptions {
    fn default() -> Self {
        ManifestOptions {
            namespace: "palisade-system".into(),
            service: "palisade-admission".into(),
            image: "ghcr.io/palisade/palisade:0.1.0".into(),
            ca_bundle: String::new(),
            failure_policy: "Fail".into(),
            timeout_seconds: 5,
            replicas: 2,
            tls_secret: "palisade-admission-tls".into(),
        }
    }
}

const VALIDATE_RULES: &str = r#"      - apiGroups: [""]
        apiVersions: ["v1"]
        operations: ["CREATE", "UPDATE"]
        resources: ["pods", "podtemplates", "replicationcontrollers", "services", "secrets"]
        scope: "*"
      - apiGroups: ["apps"]
        apiVersions: ["v1"]
        operations: ["CREATE", "UPDATE"]
        resources: ["deployments", "statefulsets", "daemonsets", "replicasets"]
        scope: "Namespaced"
      - apiGroups: ["batch"]
        apiVersions: ["v1"]
        operations: ["CREATE", "UPDATE"]
        resources: ["jobs", "cronjobs"]
        scope: "Namespaced"
      - apiGroups: ["networking.k8s.io"]
        apiVersions: ["v1"]
        operations: ["CREATE", "UPDATE"]
        resources: ["ingresses"]
        scope: "Namespaced"
      - apiGroups: ["rbac.authorization.k8s.io"]
        apiVersions: ["v1"]
        operations: ["CREATE", "UPDATE"]
        resources: ["roles", "rolebindings", "clusterroles", "clusterrolebindings"]
        scope: "*"
"#;

const MUTATE_RULES: &str = r#"      - apiGroups: [""]
        apiVersions: ["v1"]
        operations: ["CREATE"]
        resources: ["pods", "podtemplates", "replicationcontrollers"]
        scope: "Namespaced"
      - apiGroups: ["apps"]
        apiVersions: ["v1"]
        operations: ["CREATE"]
        resources: ["deployments", "statefulsets", "daemonsets", "replicasets"]
        scope: "Namespaced"
      - apiGroups: ["batch"]
        apiVersions: ["v1"]
        operations: ["CREATE"]
        resources: ["jobs", "cronjobs"]
        scope: "Namespaced"
"#;

/// The manifests, as one multi-document YAML stream.
pub fn render(o: &ManifestOptions) -> String {
    let ns = &o.namespace;
    let name = &o.service;
    let mut y = String::new();
    let _ = write!(
        y,
        r#"# palisade admission webhook. Create the TLS Secret first:
#   palisade admission certs --service {name} --namespace {ns} --out-dir certs
#   kubectl -n {ns} create secret tls {secret} --cert certs/tls.crt --key certs/tls.key
apiVersion: v1
kind: Namespace
metadata:
  name: {ns}
  labels:
    pod-security.kubernetes.io/enforce: restricted
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {name}
  namespace: {ns}
automountServiceAccountToken: false
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
  namespace: {ns}
  labels:
    app.kubernetes.io/name: {name}
spec:
  replicas: {replicas}
  selector:
    matchLabels:
      app.kubernetes.io/name: {name}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: {name}
    spec:
      serviceAccountName: {name}
      automountServiceAccountToken: false
      securityContext:
        runAsNonRoot: true
        runAsUser: 65532
        runAsGroup: 65532
        fsGroup: 65532
        seccompProfile:
          type: RuntimeDefault
      containers:
        - name: webhook
          image: {image}
          imagePullPolicy: IfNotPresent
          args: ["admission", "serve", "--listen", "0.0.0.0:8443", "--tls-cert", "/etc/palisade/tls/tls.crt", "--tls-key", "/etc/palisade/tls/tls.key", "--audit-log", "-"]
          ports:
            - name: https
              containerPort: 8443
              protocol: TCP
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            runAsNonRoot: true
            runAsUser: 65532
            capabilities:
              drop: ["ALL"]
          resources:
            requests:
              cpu: 100m
              memory: 64Mi
            limits:
              cpu: "1"
              memory: 256Mi
          livenessProbe:
            httpGet:
              path: /healthz
              port: 8443
              scheme: HTTPS
          readinessProbe:
            httpGet:
              path: /readyz
              port: 8443
              scheme: HTTPS
          volumeMounts:
            - name: tls
              mountPath: /etc/palisade/tls
              readOnly: true
      volumes:
        - name: tls
          secret:
            secretName: {secret}
---
apiVersion: v1
kind: Service
metadata:
  name: {name}
  namespace: {ns}
spec:
  type: ClusterIP
  selector:
    app.kubernetes.io/name: {name}
  ports:
    - name: https
      port: 443
      targetPort: 8443
      protocol: TCP
"#,
        replicas = o.replicas,
        image = o.image,
        secret = o.tls_secret,
    );
    for (kind, path, rules, suffix) in [
        (
            "ValidatingWebhookConfiguration",
            "/validate",
            VALIDATE_RULES,
            "validate",
        ),
        (
            "MutatingWebhookConfiguration",
            "/mutate",
            MUTATE_RULES,
            "mutate",
        ),
    ] {
        let _ = write!(
            y,
            r#"---
apiVersion: admissionregistration.k8s.io/v1
kind: {kind}
metadata:
  name: {name}
webhooks:
  - name: {suffix}.{name}.palisade.dev
    admissionReviewVersions: ["v1"]
    sideEffects: None
    failurePolicy: {failure}
    timeoutSeconds: {timeout}
    matchPolicy: Equivalent
    clientConfig:
      service:
        name: {name}
        namespace: {ns}
        path: {path}
        port: 443
      caBundle: "{ca}"
    namespaceSelector:
      matchExpressions:
        - key: kubernetes.io/metadata.name
          operator: NotIn
          values: ["kube-system", "{ns}"]
    rules:
{rules}"#,
            failure = o.failure_policy,
            timeout = o.timeout_seconds,
            ca = o.ca_bundle,
        );
        if kind == "MutatingWebhookConfiguration" {
            y.push_str("    reinvocationPolicy: Never\n");
        }
    }
    y
}
