//! Bad input never panics: every rule runs over objects whose fields have the wrong types
//! (strings where lists are expected, numbers for names, nulls, nested garbage) and
//! non-ASCII text in the places rules slice strings.

use palisade_rules::{run, Settings};

const MALFORMED: &str = r#"
apiVersion: v1
kind: Pod
metadata: {name: 1}
spec: "nope"
---
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers: "api"
  initContainers: {a: b}
  ephemeralContainers: [null, 1, "x", []]
  serviceAccountName: [default]
  serviceAccount: {a: 1}
  automountServiceAccountToken: [true]
  restartPolicy: 3
  os: "windows"
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    metadata: {labels: "x", ownerReferences: "Job"}
    spec:
      containers:
        - name: [a]
          image: 42
          imagePullPolicy: [Never]
          resources: {requests: "1", limits: [1]}
          securityContext: "ro"
          ports: "8080"
          livenessProbe: []
          env:
            - "PASSWORD=x"
            - {name: 7, value: 8}
            - {name: DB_PASSWORD, value: {a: b}}
            - {name: DB_PASSWORD, value: [x]}
            - {name: "ÄPI_KEY", value: "ünïcødé-sécret"}
            - {name: DATABASE_URL, value: "ü://ä:ö@ß/é"}
            - {name: X, value: "@tcp(:"}
            - {name: Y, value: "é:@tcp(h)"}
            - {name: Z, value: "=;=;password="}
        - image: "é:ü@"
        - image: "@"
        - image: ":"
        - image: "/"
        - image: "a/:"
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: c}
spec: {jobTemplate: {spec: {template: []}}}
---
apiVersion: v1
kind: Service
metadata: {name: s, annotations: "x"}
spec:
  type: LoadBalancer
  ports: "80"
  loadBalancerSourceRanges: "0.0.0.0/0"
---
apiVersion: v1
kind: Service
metadata: {name: s2}
spec: {type: NodePort, ports: [1, {port: [1]}, {port: 80, nodePort: {a: 1}}]}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: i}
spec:
  tls: "all"
  rules: [null, "x", {host: 5}, {host: "ü.example.com"}, {host: "*."}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: i2}
spec:
  tls: [{hosts: "a"}, {hosts: ["*.", "*", 3]}]
  rules: [{host: "."}, {host: "a."}]
  defaultBackend: {service: {name: x}}
---
apiVersion: v1
kind: Secret
metadata: {name: s}
data: [a, b]
stringData: {1: 2, [a]: b, k: [1], "ключ": "значение"}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: r}
aggregationRule: "yes"
rules: {apiGroups: ["*"]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: r2}
rules:
  - apiGroups: [1, null, "*"]
    resources: [[pods], "*", "pods/*", "é/exec"]
    verbs: ["*", 2]
    resourceNames: "all"
    nonResourceURLs: {a: b}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: b}
roleRef: {kind: ClusterRole, name: cluster-admin}
subjects: [null, "x", {kind: 1, name: [a]}, {kind: ServiceAccount, name: sa, namespace: 3}]
"#;

#[test]
fn every_rule_survives_wrong_types() {
    let loaded = palisade_k8s::load_str("malformed.yaml", MALFORMED);
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    assert!(loaded.objects.len() >= 12);
    // Every rule, opt-in ones included; reaching the end is the assertion.
    let outcome = run(&loaded.objects, &Settings::default(), &|_| true);
    // Secret material never leaks into evidence, even through non-ASCII values.
    for f in &outcome.findings {
        let ev = f.evidence.as_deref().unwrap_or("");
        assert!(!ev.contains("sécret") && !ev.contains("значение"), "{ev}");
    }
}
