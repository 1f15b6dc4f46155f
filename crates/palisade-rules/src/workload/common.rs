//! Helpers shared by the rules of the `workload` family: image references, what kind of
//! pod a spec describes, and how a secret value is shown without revealing it.

use palisade_k8s::{ContainerView, Object, PodView};
use palisade_yaml::Node;

/// An image reference split the way the container runtime splits it:
/// `[registry[:port]/]path[:tag][@digest]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ImageRef<'a> {
    /// Everything before the tag and digest (`registry:5000/team/app`).
    pub name: &'a str,
    /// The tag, when one is written.
    pub tag: Option<&'a str>,
    /// The digest (`sha256:...`), when one is written.
    pub digest: Option<&'a str>,
}

impl<'a> ImageRef<'a> {
    /// Parses an image reference. A `:` counts as a tag separator only after the last `/`,
    /// so `registry:5000/app` has no tag; a digest follows the first `@`.
    pub fn parse(image: &'a str) -> ImageRef<'a> {
        let image = image.trim();
        let (rest, digest) = match image.split_once('@') {
            Some((r, d)) => (r, Some(d).filter(|d| !d.is_empty())),
            None => (image, None),
        };
        let last_slash = rest.rfind('/').map_or(0, |i| i + 1);
        let (name, tag) = match rest[last_slash..].rfind(':') {
            Some(i) => {
                let at = last_slash + i;
                (&rest[..at], Some(&rest[at + 1..]).filter(|t| !t.is_empty()))
            }
            None => (rest, None),
        };
        ImageRef { name, tag, digest }
    }

    /// Why the reference can point at different content over time, or `None` when it is
    /// pinned by digest or names a fixed-looking tag.
    pub fn mutable(&self) -> Option<Mutable> {
        if self.digest.is_some() {
            return None;
        }
        match self.tag {
            None => Some(Mutable::NoTag),
            Some(t) if t.eq_ignore_ascii_case("latest") => Some(Mutable::Latest),
            Some(_) => None,
        }
    }
}

/// Why an image reference is mutable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mutable {
    /// No tag: the runtime pulls `:latest`.
    NoTag,
    /// The `latest` tag.
    Latest,
}

/// The container's image as a string, unless it is missing, empty or a template placeholder
/// (`${IMAGE}`, `$(IMAGE)`, `{{ .image }}`, `<image>`) that some tool fills in later: those
/// say nothing about what will run.
pub(crate) fn concrete_image<'a>(c: &ContainerView<'a>) -> Option<(&'a Node, &'a str)> {
    let node = c.node.get("image")?;
    let text = node.as_str()?.trim();
    let templated = text.contains('$') || text.contains("{{") || text.contains('<');
    (!text.is_empty() && !templated).then_some((node, text))
}

/// True when the pod runs to completion rather than serving: Jobs and CronJobs, Pods created
/// by a Job (owner reference or the `job-name` labels the Job controller sets), and any pod
/// whose `restartPolicy` is `Never` or `OnFailure`.
pub(crate) fn runs_to_completion(obj: &Object, pod: &PodView<'_>) -> bool {
    if matches!(obj.kind.as_str(), "Job" | "CronJob") {
        return true;
    }
    if matches!(
        pod.spec.get("restartPolicy").and_then(Node::as_str),
        Some("Never" | "OnFailure")
    ) {
        return true;
    }
    let owned_by_job = pod
        .metadata
        .and_then(|m| m.get("ownerReferences"))
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .any(|r| r.get("kind").and_then(Node::as_str) == Some("Job"));
    owned_by_job
        || pod
            .labels()
            .iter()
            .any(|(k, _)| k == "job-name" || k == "batch.kubernetes.io/job-name")
}

/// A value (a resource quantity, a name) counts as set when it is a non-empty scalar.
pub(crate) fn is_set(node: Option<&Node>) -> bool {
    node.and_then(Node::scalar_text)
        .is_some_and(|t| !t.trim().is_empty())
}

/// Shows a secret value without revealing it: the first two characters for values long
/// enough that two characters do not give much away, then the length.
pub(crate) fn redact(value: &str) -> String {
    let len = value.chars().count();
    let unit = if len == 1 { "char" } else { "chars" };
    if len >= 8 {
        let head: String = value.chars().take(2).collect();
        format!("{head}… ({len} {unit})")
    } else {
        format!("… ({len} {unit})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(s: &str) -> (&str, Option<&str>, Option<&str>) {
        let r = ImageRef::parse(s);
        (r.name, r.tag, r.digest)
    }

    #[test]
    fn image_references_split_like_the_runtime() {
        assert_eq!(parts("nginx"), ("nginx", None, None));
        assert_eq!(parts("nginx:1.25"), ("nginx", Some("1.25"), None));
        assert_eq!(
            parts("registry:5000/app"),
            ("registry:5000/app", None, None)
        );
        assert_eq!(
            parts("registry:5000/team/app:2.1"),
            ("registry:5000/team/app", Some("2.1"), None)
        );
        assert_eq!(
            parts("gcr.io/x/app@sha256:abc"),
            ("gcr.io/x/app", None, Some("sha256:abc"))
        );
        assert_eq!(
            parts("app:1.0@sha256:abc"),
            ("app", Some("1.0"), Some("sha256:abc"))
        );
        assert_eq!(parts("app:"), ("app", None, None));
        assert_eq!(parts(""), ("", None, None));
    }

    #[test]
    fn mutability() {
        assert_eq!(ImageRef::parse("nginx").mutable(), Some(Mutable::NoTag));
        assert_eq!(
            ImageRef::parse("registry:5000/app").mutable(),
            Some(Mutable::NoTag)
        );
        assert_eq!(
            ImageRef::parse("nginx:latest").mutable(),
            Some(Mutable::Latest)
        );
        assert_eq!(ImageRef::parse("nginx:1.25").mutable(), None);
        assert_eq!(ImageRef::parse("nginx:latest@sha256:abc").mutable(), None);
        assert_eq!(ImageRef::parse("nginx@sha256:abc").mutable(), None);
    }

    #[test]
    fn redaction_never_shows_short_values() {
        assert_eq!(redact("password"), "pa… (8 chars)");
        assert_eq!(redact("admin"), "… (5 chars)");
        assert_eq!(redact("x"), "… (1 char)");
        assert_eq!(redact("pässwörd1"), "pä… (9 chars)");
    }
}
