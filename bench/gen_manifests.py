#!/usr/bin/env python3
"""Generate a deterministic tree of varied Kubernetes manifests for benchmarks.

    python3 bench/gen_manifests.py [--count 2000] [--seed 42] [--out bench/out/manifests]

Writes COUNT files under OUT/<namespace>/, mostly Deployments and Services (single- and
multi-document files), plus StatefulSets with headless Services, CronJobs, DaemonSets,
NetworkPolicies and a few Namespace objects. Objects vary in names, labels, images
(tagged, untagged, digests), security hardening (restricted-style contexts, none,
privileged, hostPath, host namespaces, capabilities), probes, resources, YAML style
(block / flow / quoted, comments), so rules take their different branches.

Same seed and count => byte-identical tree. Python 3 standard library only.
"""

import argparse
import os
import random
import shutil
import sys

MARKER = ".palisade-bench-generated"

TEAMS = ["payments", "search", "identity", "catalog", "checkout", "shipping", "ads",
         "analytics", "platform", "ml", "notifications", "inventory", "reviews", "media"]
ENVS = ["prod", "staging", "dev", "qa"]
WORDS = ["api", "worker", "gateway", "web", "cache", "indexer", "scheduler", "proxy",
         "sync", "exporter", "consumer", "producer", "frontend", "backend", "auth",
         "router", "reporter", "crawler", "batch", "ingest", "store", "bridge"]
REGISTRIES = ["", "docker.io/library/", "ghcr.io/acme/", "registry.example.com/team/",
              "gcr.io/acme-prod/", "quay.io/acme/", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/"]
BASE_IMAGES = ["nginx", "redis", "postgres", "busybox", "python", "node", "golang",
               "alpine", "envoyproxy/envoy", "prom/prometheus", "acme-service", "memcached"]
CAPS = ["NET_ADMIN", "SYS_ADMIN", "NET_RAW", "SYS_TIME", "CHOWN", "NET_BIND_SERVICE",
        "SYS_PTRACE", "DAC_OVERRIDE"]


def q(rng, s):
    """Render a string scalar with a random quoting style (all parse to the same text)."""
    r = rng.random()
    if r < 0.15:
        return '"%s"' % s
    if r < 0.22:
        return "'%s'" % s
    return s


class Gen:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.namespaces = ["%s-%s" % (t, e) for t in TEAMS for e in ENVS[:2]] + ["default"]

    # ---- small pieces -------------------------------------------------------------------

    def name(self):
        r = self.rng
        parts = [r.choice(WORDS)]
        if r.random() < 0.7:
            parts.insert(0, r.choice(TEAMS))
        if r.random() < 0.3:
            parts.append(r.choice(WORDS))
        return "-".join(parts) + "-%d" % r.randrange(1000)

    def image(self):
        r = self.rng
        img = r.choice(REGISTRIES) + r.choice(BASE_IMAGES)
        t = r.random()
        if t < 0.15:
            return img  # no tag: implicit :latest
        if t < 0.25:
            return img + ":latest"
        if t < 0.35:
            return img + "@sha256:" + "".join(r.choice("0123456789abcdef") for _ in range(64))
        return img + ":%d.%d.%d" % (r.randrange(1, 4), r.randrange(30), r.randrange(10))

    def labels(self, app, indent, flow=None):
        r = self.rng
        pairs = [("app", app)]
        if r.random() < 0.7:
            pairs.append(("app.kubernetes.io/name", app))
        if r.random() < 0.5:
            pairs.append(("tier", r.choice(["web", "backend", "data", "batch"])))
        if r.random() < 0.4:
            pairs.append(("team", r.choice(TEAMS)))
        if r.random() < 0.3:
            pairs.append(("version", "v%d" % r.randrange(1, 5)))
        return pairs, self.mapping(pairs, indent, flow)

    def mapping(self, pairs, indent, flow=None):
        if flow is None:
            flow = self.rng.random() < 0.2
        pad = " " * indent
        if flow:
            return " {" + ", ".join("%s: %s" % (k, q(self.rng, v)) for k, v in pairs) + "}\n"
        return "\n" + "".join("%s%s: %s\n" % (pad, k, q(self.rng, v)) for k, v in pairs)

    def probe(self, kind, port, pad):
        r = self.rng
        out = "%s%s:\n" % (pad, kind)
        c = r.random()
        if c < 0.6:
            out += "%s  httpGet:\n%s    path: /%s\n%s    port: %d\n" % (
                pad, pad, r.choice(["healthz", "ready", "livez", "status"]), pad, port)
            if r.random() < 0.05:
                out += "%s    host: 10.0.0.%d\n" % (pad, r.randrange(1, 255))
        elif c < 0.85:
            out += "%s  tcpSocket:\n%s    port: %d\n" % (pad, pad, port)
        else:
            out += "%s  exec:\n%s    command: [\"/bin/sh\", \"-c\", \"test -f /tmp/ok\"]\n" % (pad, pad)
        out += "%s  initialDelaySeconds: %d\n%s  periodSeconds: %d\n" % (
            pad, r.randrange(0, 30), pad, r.choice([5, 10, 15, 30]))
        return out

    def container_security(self, profile, pad):
        r = self.rng
        if profile == "none":
            return ""
        out = "%ssecurityContext:\n" % pad
        if profile == "restricted":
            out += "%s  allowPrivilegeEscalation: false\n" % pad
            out += "%s  readOnlyRootFilesystem: true\n" % pad
            out += "%s  runAsNonRoot: true\n" % pad
            if r.random() < 0.5:
                out += "%s  runAsUser: %d\n" % (pad, r.randrange(1000, 65000))
            out += "%s  capabilities:\n%s    drop: [\"ALL\"]\n" % (pad, pad)
            if r.random() < 0.2:
                out += "%s    add: [NET_BIND_SERVICE]\n" % pad
            if r.random() < 0.5:
                out += "%s  seccompProfile:\n%s    type: RuntimeDefault\n" % (pad, pad)
            return out
        if profile == "partial":
            keys = r.sample(["allowPrivilegeEscalation: false", "runAsNonRoot: true",
                             "readOnlyRootFilesystem: true", "runAsUser: 0",
                             "capabilities: {drop: [NET_RAW]}",
                             "seccompProfile: {type: Unconfined}"], r.randrange(1, 4))
            return out + "".join("%s  %s\n" % (pad, k) for k in keys)
        # privileged / dangerous
        bad = ["privileged: true"]
        if r.random() < 0.5:
            bad.append("allowPrivilegeEscalation: true")
        if r.random() < 0.4:
            bad.append("capabilities:\n%s    add: [%s]" % (pad, ", ".join(r.sample(CAPS, r.randrange(1, 4)))))
        if r.random() < 0.2:
            bad.append("procMount: Unmasked")
        if r.random() < 0.2:
            bad.append("seLinuxOptions:\n%s    type: spc_t" % pad)
        return out + "".join("%s  %s\n" % (pad, k) for k in bad)

    def container(self, name, port, profile, pad):
        r = self.rng
        out = "%s- name: %s\n" % (pad, name)
        ip = pad + "  "
        out += "%simage: %s\n" % (ip, q(r, self.image()))
        if r.random() < 0.5:
            out += "%simagePullPolicy: %s\n" % (ip, r.choice(["Always", "IfNotPresent"]))
        if r.random() < 0.4:
            out += "%sargs: [\"--port=%d\", \"--log-level=%s\"]\n" % (ip, port, r.choice(["info", "debug"]))
        out += "%sports:\n%s- containerPort: %d\n" % (ip, ip, port)
        if r.random() < 0.5:
            out += "%s  name: http\n" % ip
        if profile == "privileged" and r.random() < 0.3:
            out += "%s  hostPort: %d\n" % (ip, port)
        if r.random() < 0.4:
            out += "%senv:\n" % ip
            for i in range(r.randrange(1, 5)):
                if r.random() < 0.2:
                    out += "%s- name: SECRET_%d\n%s  valueFrom:\n%s    secretKeyRef: {name: %s-secret, key: k%d}\n" % (
                        ip, i, ip, ip, name, i)
                else:
                    out += "%s- name: VAR_%d\n%s  value: %s\n" % (ip, i, ip, q(r, "value-%d" % r.randrange(100)))
        if r.random() < 0.6:
            out += "%sresources:\n" % ip
            out += "%s  requests:\n%s    cpu: %dm\n%s    memory: %dMi\n" % (
                ip, ip, r.choice([50, 100, 250, 500]), ip, r.choice([64, 128, 256, 512]))
            if r.random() < 0.7:
                out += "%s  limits:\n%s    cpu: \"%d\"\n%s    memory: %dMi\n" % (
                    ip, ip, r.choice([1, 2]), ip, r.choice([256, 512, 1024]))
        if r.random() < 0.6:
            out += self.probe("livenessProbe", port, ip)
        if r.random() < 0.5:
            out += self.probe("readinessProbe", port, ip)
        out += self.container_security(profile, ip)
        if r.random() < 0.3:
            out += "%svolumeMounts:\n%s- name: data\n%s  mountPath: /data\n" % (ip, ip, ip)
        return out

    def pod_spec(self, app, port, pad, restart=None):
        """The body of a pod spec at indentation `pad` (a string of spaces)."""
        r = self.rng
        roll = r.random()
        profile = ("restricted" if roll < 0.3 else "partial" if roll < 0.55
                   else "privileged" if roll < 0.65 else "none")
        out = ""
        if restart:
            out += "%srestartPolicy: %s\n" % (pad, restart)
        if r.random() < 0.5:
            out += "%sserviceAccountName: %s\n" % (pad, r.choice([app, "default", "%s-sa" % app]))
        if r.random() < 0.2:
            out += "%sautomountServiceAccountToken: false\n" % pad
        if profile == "privileged":
            for f in r.sample(["hostNetwork: true", "hostPID: true", "hostIPC: true"], r.randrange(0, 3)):
                out += "%s%s\n" % (pad, f)
        if profile == "restricted" or r.random() < 0.2:
            out += "%ssecurityContext:\n" % pad
            out += "%s  runAsNonRoot: true\n" % pad
            if r.random() < 0.6:
                out += "%s  runAsUser: %d\n%s  runAsGroup: %d\n%s  fsGroup: %d\n" % (
                    pad, r.randrange(1000, 65000), pad, r.randrange(1000, 65000), pad, r.randrange(1000, 65000))
            out += "%s  seccompProfile:\n%s    type: %s\n" % (
                pad, pad, "RuntimeDefault" if profile == "restricted" else r.choice(["RuntimeDefault", "Unconfined"]))
            if r.random() < 0.1:
                out += "%s  sysctls:\n%s  - {name: %s, value: \"1\"}\n" % (
                    pad, pad, r.choice(["net.ipv4.ip_forward", "kernel.shm_rmid_forced", "net.core.somaxconn"]))
        if r.random() < 0.15:
            out += "%sinitContainers:\n" % pad
            out += self.container("init-%s" % r.choice(["migrate", "wait", "config"]), port + 1,
                                  r.choice(["none", "restricted", profile]), pad)
        out += "%scontainers:\n" % pad
        out += self.container(app.split("-")[-2] if "-" in app else app, port, profile, pad)
        if r.random() < 0.25:
            out += self.container(r.choice(["sidecar", "envoy", "log-shipper", "metrics"]),
                                  port + 100, r.choice(["none", "restricted", "partial"]), pad)
        vols = []
        if r.random() < 0.35:
            vols.append("- name: data\n%s  emptyDir: {}" % pad)
        if profile == "privileged" and r.random() < 0.6:
            vols.append("- name: host\n%s  hostPath:\n%s    path: %s" % (
                pad, pad, r.choice(["/var/run/docker.sock", "/", "/etc", "/var/log"])))
        if r.random() < 0.15:
            vols.append("- name: config\n%s  configMap: {name: %s-config}" % (pad, app))
        if r.random() < 0.1:
            vols.append("- name: creds\n%s  secret:\n%s    secretName: %s-creds" % (pad, pad, app))
        if vols:
            out += "%svolumes:\n" % pad + "".join("%s%s\n" % (pad, v) for v in vols)
        return out

    def metadata(self, name, ns, labels_block, pad=""):
        r = self.rng
        out = "%smetadata:\n%s  name: %s\n" % (pad, pad, name)
        if ns != "default" or r.random() < 0.5:
            out += "%s  namespace: %s\n" % (pad, ns)
        out += "%s  labels:%s" % (pad, labels_block)
        if r.random() < 0.2:
            out += "%s  annotations:\n%s    owner: %s\n" % (pad, pad, r.choice(TEAMS))
            if r.random() < 0.3:
                out += "%s    prometheus.io/scrape: \"true\"\n" % pad
        return out

    # ---- objects --------------------------------------------------------------------------

    def workload(self, kind, app, ns, port):
        r = self.rng
        pairs, labels_block = self.labels(app, 4)
        sel = pairs[: r.randrange(1, len(pairs) + 1)]
        out = ""
        if r.random() < 0.1:
            out += "# %s %s owned by %s\n" % (kind, app, r.choice(TEAMS))
        api = {"Deployment": "apps/v1", "StatefulSet": "apps/v1", "DaemonSet": "apps/v1",
               "CronJob": "batch/v1", "Job": "batch/v1"}[kind]
        out += "apiVersion: %s\nkind: %s\n" % (api, kind)
        out += self.metadata(app, ns, labels_block)
        out += "spec:\n"
        if kind == "CronJob":
            out += "  schedule: \"%d */%d * * *\"\n" % (r.randrange(60), r.choice([1, 2, 6, 12]))
            out += "  concurrencyPolicy: Forbid\n"
            out += "  jobTemplate:\n    spec:\n      backoffLimit: %d\n      template:\n" % r.randrange(1, 6)
            out += "        metadata:\n          labels:%s" % self.mapping(pairs, 12)
            out += "        spec:\n" + self.pod_spec(app, port, " " * 10, restart="OnFailure")
            return out
        if kind in ("Deployment", "StatefulSet"):
            out += "  replicas: %d\n" % r.choice([1, 2, 3, 3, 5, 10])
        if kind == "StatefulSet":
            out += "  serviceName: %s-headless\n" % app
        out += "  selector:\n    matchLabels:%s" % self.mapping(sel, 6)
        if kind == "Deployment" and r.random() < 0.3:
            out += "  strategy:\n    type: RollingUpdate\n    rollingUpdate: {maxSurge: 1, maxUnavailable: 0}\n"
        out += "  template:\n    metadata:\n      labels:%s" % self.mapping(pairs, 8)
        if r.random() < 0.15:
            out += "      annotations:\n"
            out += r.choice([
                "        container.apparmor.security.beta.kubernetes.io/%s: runtime/default\n" % app,
                "        container.apparmor.security.beta.kubernetes.io/%s: unconfined\n" % app,
                "        seccomp.security.alpha.kubernetes.io/pod: runtime/default\n",
                "        checksum/config: \"%08x\"\n" % r.getrandbits(32),
            ])
        out += "    spec:\n" + self.pod_spec(app, port, " " * 6)
        if kind == "StatefulSet":
            out += "  volumeClaimTemplates:\n  - metadata:\n      name: data\n"
            out += "    spec:\n      accessModes: [ReadWriteOnce]\n      resources:\n        requests:\n          storage: %dGi\n" % r.choice([1, 10, 50])
        return out

    def service(self, app, ns, port, headless=False):
        r = self.rng
        pairs, labels_block = self.labels(app, 4)
        out = "apiVersion: v1\nkind: Service\n"
        out += self.metadata(app + ("-headless" if headless else ""), ns, labels_block)
        out += "spec:\n"
        if headless:
            out += "  clusterIP: None\n"
        else:
            t = r.random()
            if t < 0.1:
                out += "  type: LoadBalancer\n"
            elif t < 0.2:
                out += "  type: NodePort\n"
        out += "  selector:%s" % self.mapping(pairs[: r.randrange(1, len(pairs) + 1)], 4)
        out += "  ports:\n  - name: http\n    port: %d\n    targetPort: %d\n    protocol: TCP\n" % (
            r.choice([80, 443, 8080, port]), port)
        return out

    def network_policy(self, ns):
        r = self.rng
        c = r.random()
        out = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n"
        if c < 0.3:
            out += "metadata:\n  name: default-deny\n  namespace: %s\n" % ns
            out += "spec:\n  podSelector: {}\n  policyTypes: [%s]\n" % r.choice(["Ingress", "Ingress, Egress"])
            return out
        app = self.name()
        out += "metadata:\n  name: allow-%s\n  namespace: %s\n" % (app, ns)
        out += "spec:\n  podSelector:\n    matchLabels:\n      app: %s\n" % app
        if r.random() < 0.3:
            out += "  policyTypes: [Ingress, Egress]\n"
        out += "  ingress:\n  - from:\n"
        p = r.random()
        if p < 0.4:
            out += "    - podSelector:\n        matchLabels: {app: %s}\n" % self.name()
        elif p < 0.7:
            out += "    - namespaceSelector:\n        matchLabels: {kubernetes.io/metadata.name: %s}\n" % r.choice(self.namespaces)
        elif p < 0.85:
            out += "    - ipBlock:\n        cidr: 0.0.0.0/0\n"
        else:
            out += "    - podSelector:\n        matchExpressions:\n        - {key: tier, operator: In, values: [web, backend]}\n"
        out += "    ports:\n    - {protocol: TCP, port: %d}\n" % r.choice([80, 8080, 9090])
        if r.random() < 0.4:
            out += "  egress:\n  - to:\n    - namespaceSelector: {}\n    ports:\n    - {protocol: UDP, port: 53}\n"
        return out

    def namespace(self, ns):
        r = self.rng
        out = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: %s\n" % ns
        if r.random() < 0.7:
            out += "  labels:\n    pod-security.kubernetes.io/enforce: %s\n" % r.choice(["baseline", "restricted"])
            if r.random() < 0.5:
                out += "    pod-security.kubernetes.io/enforce-version: v1.%d\n" % r.randrange(24, 34)
        return out

    # ---- files ----------------------------------------------------------------------------

    def file(self, i):
        """Returns (namespace, file name, text) for the i-th file."""
        r = self.rng
        ns = r.choice(self.namespaces)
        app = self.name()
        port = r.choice([80, 3000, 5000, 8000, 8080, 8443, 9090])
        c = r.random()
        sep = "---\n"
        if c < 0.33:
            base, docs = "deployment", [self.workload("Deployment", app, ns, port)]
        elif c < 0.55:
            base, docs = "service", [self.service(app, ns, port)]
        elif c < 0.78:
            base, docs = "app", [self.workload("Deployment", app, ns, port), self.service(app, ns, port)]
            if r.random() < 0.2:
                docs.append(self.network_policy(ns))
        elif c < 0.85:
            base, docs = "statefulset", [self.workload("StatefulSet", app, ns, port),
                                         self.service(app, ns, port, headless=True)]
        elif c < 0.91:
            base, docs = "cronjob", [self.workload("CronJob", app, ns, 8080)]
        elif c < 0.93:
            base, docs = "daemonset", [self.workload("DaemonSet", app, ns, port)]
        elif c < 0.98:
            base, docs = "netpol", [self.network_policy(ns)]
        else:
            base, docs = "namespace", [self.namespace(ns), self.network_policy(ns)]
        text = ""
        if r.random() < 0.3:
            text += sep  # a leading document marker, as many generators write
        text += sep.join(docs)
        if r.random() < 0.05:
            text += sep  # a trailing empty document
        ext = ".yml" if r.random() < 0.1 else ".yaml"
        return ns, "%04d-%s-%s%s" % (i, base, app, ext), text


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", "-n", type=int, default=2000, help="number of files (default 2000)")
    ap.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    ap.add_argument("--out", "-o", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "out", "manifests"),
                    help="output directory (default bench/out/manifests); replaced if it was generated before")
    args = ap.parse_args()

    out = args.out
    if os.path.exists(out):
        if os.path.exists(os.path.join(out, MARKER)):
            shutil.rmtree(out)
        elif os.listdir(out):
            sys.exit("%s exists, is not empty and was not generated by this script; refusing to replace it" % out)
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, MARKER), "w") as f:
        f.write("generated by bench/gen_manifests.py --count %d --seed %d\n" % (args.count, args.seed))

    gen = Gen(args.seed)
    total = 0
    docs = 0
    for i in range(args.count):
        ns, name, text = gen.file(i)
        d = os.path.join(out, ns)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, name), "w", newline="\n") as f:
            f.write(text)
        total += len(text)
        docs += text.count("\nkind: ") + text.startswith("kind: ")
    print("wrote %d files (%d objects, %.1f MiB) to %s" % (args.count, docs, total / 1048576, out))


if __name__ == "__main__":
    main()
