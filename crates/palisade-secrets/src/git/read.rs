//! Reading one object and checking it against its id.
//!
//! gitoxide inflates exactly the size an object's header announces and does not hash what
//! it inflated, so bytes flipped inside a zlib stream can come back as plausible but wrong
//! content, with no error. Hashing the content again catches every such damage; it costs
//! one SHA-1 pass over data already in memory, small next to inflating and scanning it.

use gix::ObjectId;

/// An object as read, and what is wrong with it if its content does not hash to its id.
pub(super) struct Checked<'repo> {
    pub object: gix::Object<'repo>,
    /// Why the content cannot be trusted (it was read, and is still used: a few flipped
    /// bytes leave the rest of a blob worth scanning and the rest of a tree worth walking).
    pub damage: Option<String>,
}

/// Reads object `id`, which should be a `kind`; the error is the reason it cannot be read.
pub(super) fn read(
    repo: &gix::Repository,
    id: ObjectId,
    kind: gix::object::Kind,
) -> Result<Checked<'_>, String> {
    let object = repo.find_object(id).map_err(|e| reason(&e))?;
    if object.kind != kind {
        return Err(format!("is a {}, not a {kind}", object.kind));
    }
    let damage = match gix::objs::compute_hash(id.kind(), object.kind, &object.data) {
        Ok(actual) if actual == id => None,
        Ok(actual) => Some(format!(
            "corrupt: its content hashes to {actual}, not to its id"
        )),
        Err(e) => Some(format!("cannot be hashed: {}", reason(&e))),
    };
    Ok(Checked { object, damage })
}

/// An error and its causes, outermost first (gitoxide puts the useful part, such as "Empty
/// loose object file", in the causes and a generic context in the message).
pub(super) fn reason(e: &(dyn std::error::Error + 'static)) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let part = s.to_string();
        if !part.is_empty() && !text.contains(&part) {
            text.push_str(": ");
            text.push_str(&part);
        }
        source = s.source();
    }
    text
}
