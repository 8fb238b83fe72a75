//! The field policy's one enforcement point, and accountability for reads.
//!
//! [`guard`] wraps, in the schema's one extension (`graphql::extension`),
//! the resolution of every field. For a field whose rule in [`policy::rules`] is `Guarded(field)` it
//!
//! 1. refuses the field (`FORBIDDEN`, resolver never run) when the caller's
//!    role may not see it, or may see it only masked and it has no mask;
//! 2. runs the resolver, which must name whose data it returns with
//!    [`subject`] (a person, a household, a visit) — a guarded field that
//!    does not is withheld with `INTERNAL`, so a new field cannot skip the
//!    policy without every test that reads it failing;
//! 3. masks the value when the policy says so;
//! 4. notes the read for the audit when the policy says so: sensitive fields
//!    read in clear, and any field whose data belongs to a child under 14.
//!    The guard learns the people and their ages from the subject through the
//!    request's scoped loaders, never from the resolver's say-so.
//!
//! Everything noted during a request is written as one audit entry when the
//! request ends ([`SensitiveReads::flush`]); if it cannot be written, the
//! response is withheld (`http.rs`). Nothing here fails open: a missing
//! per-request record, a poisoned lock or a failed age lookup withholds the
//! field or records more, never less.

use std::{
    collections::{BTreeMap, BTreeSet, HashMap},
    sync::{Arc, Mutex, MutexGuard},
};

use async_graphql::{
    Context, PathSegment, ServerError, ServerResult, Value,
    extensions::{ExtensionContext, NextResolve, ResolveInfo},
};
use serde_json::json;
use uuid::Uuid;

use crate::{
    audit::{self, Entry, reads::Whom},
    auth::Actor,
    clock,
    error::{AppError, AppResult},
    graphql::{Caller, loaders::Loaders},
    policy::{
        fields::MINOR_AGE,
        rules::{self, Audit, Rule, Verdict},
    },
};

/// Whose data a guarded field returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    Person(Uuid),
    /// A household's own fields (address, coordinates, visits): data of every
    /// member.
    Household(Uuid),
    /// A visit is about the people seen; with nobody recorded as seen, about
    /// the household.
    Visit {
        household: Uuid,
        people: Vec<Uuid>,
    },
}

#[derive(Default)]
struct State {
    /// (whom, "Type.field") pairs read during the request.
    reads: BTreeMap<Whom, BTreeSet<String>>,
    /// Subjects declared by resolvers, by response path, while their field
    /// (and everything below it) resolves.
    subjects: HashMap<String, Subject>,
    /// Per person: under 14 today. Filled from the scoped loaders.
    minors: HashMap<Uuid, bool>,
    /// Per household: its members in the caller's scope, once per request.
    members: HashMap<Uuid, Vec<Uuid>>,
    /// Ids of records outside the caller's jurisdiction that the caller
    /// asked for, by kind: written as one `DENIED` entry.
    denied: BTreeSet<(&'static str, Uuid)>,
}

/// Per-request record of what was read; flushed as one audit entry.
#[derive(Default)]
pub struct SensitiveReads(Mutex<State>);

impl SensitiveReads {
    /// The state even after a panic elsewhere while it was held: losing
    /// what was noted would let a read go unrecorded.
    fn state(&self) -> MutexGuard<'_, State> {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn declare(&self, path: String, subject: Subject) {
        self.state().subjects.insert(path, subject);
    }

    /// Notes a lookup of a record of `kind` that exists, but outside the
    /// caller's jurisdiction (the caller was told `NOT_FOUND`).
    pub fn deny(&self, kind: &'static str, id: Uuid) {
        self.state().denied.insert((kind, id));
    }

    /// Writes the audit entries for this request: one for the reads, one
    /// for the lookups refused, each only if there was any.
    pub async fn flush(&self, db: &crate::db::Db, actor: &Actor) -> AppResult<()> {
        let (reads, denied) = {
            let mut state = self.state();
            (std::mem::take(&mut state.reads), std::mem::take(&mut state.denied))
        };
        // On the reader's own chain: readers do not queue behind each other
        // or behind writes (see `audit::Chain`).
        let chain = audit::Chain::Reads(actor.user_id);
        if !reads.is_empty() {
            audit::record_alone_on(db, chain, Some(actor), &actor.meta, audit::reads::entry(&reads)).await?;
        }
        if !denied.is_empty() {
            audit::record_alone_on(db, chain, Some(actor), &actor.meta, denied_entry(&denied)).await?;
        }
        Ok(())
    }
}

fn denied_entry(denied: &BTreeSet<(&'static str, Uuid)>) -> Entry {
    let single = (denied.len() == 1).then(|| denied.iter().next().copied()).flatten();
    Entry {
        action: "access.out_of_scope",
        target_type: single.map(|(kind, _)| kind),
        target_id: single.map(|(_, id)| id),
        person_id: single.filter(|(kind, _)| *kind == "person").map(|(_, id)| id),
        reason: None,
        outcome: "DENIED",
        detail: json!({
            "lookups": denied.iter().map(|(kind, id)| json!({ "type": kind, "id": id })).collect::<Vec<_>>(),
        }),
    }
}

/// Declares whose data the guarded field being resolved returns. Every
/// resolver of a `Guarded` field calls this before it returns a value.
pub fn subject(ctx: &Context<'_>, subject: Subject) -> AppResult<()> {
    let reads = ctx.data::<Arc<SensitiveReads>>().map_err(|_| AppError::internal("no read record in the request"))?;
    let path = ctx.path_node.as_ref().map(ToString::to_string).unwrap_or_default();
    reads.declare(path, subject);
    Ok(())
}

/// Notes a refused lookup of an id that exists outside the caller's
/// jurisdiction; see [`SensitiveReads::deny`].
pub fn deny(ctx: &Context<'_>, kind: &'static str, id: Uuid) -> AppResult<()> {
    let reads = ctx.data::<Arc<SensitiveReads>>().map_err(|_| AppError::internal("no read record in the request"))?;
    reads.deny(kind, id);
    Ok(())
}

/// The field policy around one field's resolution; run by the schema's one
/// extension (`graphql::extension`) for every field.
pub(super) async fn guard(
    ctx: &ExtensionContext<'_>,
    info: ResolveInfo<'_>,
    next: NextResolve<'_>,
) -> ServerResult<Option<Value>> {
    if info.is_for_introspection {
        return next.run(ctx, info).await;
    }
    let Some(Rule::Guarded(field)) = rules::rule(info.parent_type, info.name) else {
        return next.run(ctx, info).await;
    };
    let path_node = info.path_node;
    let parent_type = info.parent_type;
    let name = info.name;
    let fail = |err: AppError| field_error(path_node, err);

    let actor =
        ctx.data_opt::<Caller>().and_then(|c| c.actor.as_ref()).ok_or_else(|| fail(AppError::Unauthenticated))?;
    let (mask, audit) = match rules::verdict(actor.role, field) {
        Verdict::Refuse => return Err(fail(AppError::Forbidden)),
        Verdict::Show { mask, audit } => (mask, audit),
    };
    let reads = ctx
        .data_opt::<Arc<SensitiveReads>>()
        .ok_or_else(|| fail(AppError::internal("no read record in the request")))?;

    let path = path_node.to_string();
    let result = next.run(ctx, info).await;
    let declared = reads.state().subjects.remove(&path);
    let value = result?;
    let subject = match declared {
        Some(s) => s,
        None if rules::PARTS.contains(&parent_type) => match inherited(reads, path_node) {
            Some(s) => s,
            None => return Err(fail(undeclared(parent_type, name))),
        },
        None => return Err(fail(undeclared(parent_type, name))),
    };
    let value = match (mask, value) {
        (Some(mask), Some(Value::String(s))) => Some(Value::String(mask(&s))),
        (_, value) => value,
    };
    let read_something = !matches!(value, None | Some(Value::Null));
    if read_something && audit != Audit::No {
        let loaders = ctx.data_opt::<Loaders>().ok_or_else(|| fail(AppError::Unauthenticated))?;
        let whom = audited_whom(reads, loaders, &subject, audit).await.map_err(fail)?;
        let label = format!("{parent_type}.{name}");
        let mut state = reads.state();
        for w in whom {
            state.reads.entry(w).or_default().insert(label.clone());
        }
    }
    Ok(value)
}

fn undeclared(parent_type: &str, name: &str) -> AppError {
    AppError::internal(format!("guarded field {parent_type}.{name} resolved without naming its subject"))
}

/// The subject declared by the nearest enclosing field, for types whose
/// fields are parts of their parent (`rules::PARTS`).
fn inherited(reads: &SensitiveReads, node: &async_graphql::QueryPathNode<'_>) -> Option<Subject> {
    let state = reads.state();
    let mut parent = node.parent;
    while let Some(p) = parent {
        if let Some(s) = state.subjects.get(&p.to_string()) {
            return Some(s.clone());
        }
        parent = p.parent;
    }
    None
}

/// Whom a read of `subject`'s data is recorded against: everyone it is
/// about when the field is audited for all, else only the children under 14.
async fn audited_whom(
    reads: &SensitiveReads,
    loaders: &Loaders,
    subject: &Subject,
    audit: Audit,
) -> AppResult<Vec<Whom>> {
    let (people, household) = match subject {
        Subject::Person(id) => (vec![*id], None),
        Subject::Household(id) => (members(reads, loaders, *id).await?, Some(*id)),
        Subject::Visit { household, people } => (people.clone(), Some(*household)),
    };
    if audit == Audit::Always {
        if people.is_empty() {
            return Ok(household.map(Whom::Household).into_iter().collect());
        }
        return Ok(people.into_iter().map(Whom::Person).collect());
    }
    let minors = minors(reads, loaders, &people).await?;
    Ok(minors.into_iter().map(Whom::Person).collect())
}

/// The household's members (ids), from the request's cache or the scoped
/// members loader; their ages are cached on the way, saving a second lookup.
async fn members(reads: &SensitiveReads, loaders: &Loaders, household: Uuid) -> AppResult<Vec<Uuid>> {
    if let Some(ids) = reads.state().members.get(&household) {
        return Ok(ids.clone());
    }
    let members = loaders.members.load_one(household).await?.unwrap_or_default();
    let today = clock::today();
    let mut state = reads.state();
    for p in &members {
        state.minors.insert(p.id, is_minor(p, today));
    }
    let ids: Vec<Uuid> = members.iter().map(|p| p.id).collect();
    state.members.insert(household, ids.clone());
    Ok(ids)
}

fn is_minor(person: &entity::person::Model, today: chrono::NaiveDate) -> bool {
    person.birth_date.is_some_and(|b| clock::age_on(b, today) < MINOR_AGE)
}

/// The children under 14 among `people`, from the request's cache or the
/// scoped person loader. Someone the loader cannot return (out of scope,
/// just deleted) counts as a child: when in doubt, record.
async fn minors(reads: &SensitiveReads, loaders: &Loaders, people: &[Uuid]) -> AppResult<Vec<Uuid>> {
    let unknown: Vec<Uuid> = {
        let state = reads.state();
        people.iter().copied().filter(|id| !state.minors.contains_key(id)).collect()
    };
    if !unknown.is_empty() {
        let found = loaders.person.load_many(unknown.iter().copied()).await?;
        let today = clock::today();
        let mut state = reads.state();
        for id in unknown {
            let minor =
                found.get(&id).is_none_or(|p| p.birth_date.is_some_and(|b| clock::age_on(b, today) < MINOR_AGE));
            state.minors.insert(id, minor);
        }
    }
    let state = reads.state();
    Ok(people.iter().copied().filter(|id| state.minors.get(id).copied().unwrap_or(true)).collect())
}

/// A field error carrying the code and the field's path, as a resolver's
/// error would.
fn field_error(node: &async_graphql::QueryPathNode<'_>, err: AppError) -> ServerError {
    let mut server = async_graphql::Error::from(err).into_server_error(async_graphql::Pos::default());
    server.locations.clear();
    let mut path = Vec::new();
    let mut current = Some(node);
    while let Some(n) = current {
        path.push(match n.segment {
            async_graphql::QueryPathSegment::Name(name) => PathSegment::Field(name.to_owned()),
            async_graphql::QueryPathSegment::Index(i) => PathSegment::Index(i),
        });
        current = n.parent;
    }
    path.reverse();
    server.path = path;
    server
}

/// Records a caller can ask for by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Person,
    Household,
    Visit,
    Classification,
    Alert,
    Report,
    Relative,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Self::Person => "person",
            Self::Household => "household",
            Self::Visit => "visit",
            Self::Classification => "classification",
            Self::Alert => "alert",
            Self::Report => "report",
            Self::Relative => "relative",
        }
    }
}

/// Called where a lookup of `id` within the caller's jurisdiction found
/// nothing: if the record exists elsewhere, the attempt is recorded as an
/// access denial (`access.out_of_scope`, outcome `DENIED`, one entry per
/// request). The caller's answer does not change: a foreign id stays
/// indistinguishable from a missing one.
pub async fn probe(ctx: &Context<'_>, kind: Kind, id: Uuid) -> AppResult<()> {
    use sea_orm::{EntityTrait as _, PaginatorTrait as _};
    // Whether the id exists anywhere is a question past the caller's
    // jurisdiction: the system pool answers it, and only with a count.
    let db = ctx.data::<crate::graphql::AppState>().map_err(|_| AppError::internal("no state"))?.system.clone();
    let found = match kind {
        Kind::Person => entity::person::Entity::find_by_id(id).count(&db).await?,
        Kind::Household => entity::household::Entity::find_by_id(id).count(&db).await?,
        Kind::Visit => entity::visit::Entity::find_by_id(id).count(&db).await?,
        Kind::Classification => entity::classification::Entity::find_by_id(id).count(&db).await?,
        Kind::Alert => entity::alert::Entity::find_by_id(id).count(&db).await?,
        Kind::Report => entity::report::Entity::find_by_id(id).count(&db).await?,
        Kind::Relative => entity::relative::Entity::find_by_id(id).count(&db).await?,
    };
    if found > 0 {
        deny(ctx, kind.name(), id)?;
    }
    Ok(())
}

/// `result` unchanged, after [`probe`] when it is `NOT_FOUND`.
pub async fn traced<T>(ctx: &Context<'_>, kind: Kind, id: Uuid, result: AppResult<T>) -> AppResult<T> {
    if matches!(result, Err(AppError::NotFound)) {
        probe(ctx, kind, id).await?;
    }
    result
}

/// `found` unchanged, after [`probe`] when it is `None`.
pub async fn traced_opt<T>(ctx: &Context<'_>, kind: Kind, id: Uuid, found: Option<T>) -> AppResult<Option<T>> {
    if found.is_none() {
        probe(ctx, kind, id).await?;
    }
    Ok(found)
}
