use async_graphql::{Context, ID, InputObject, Object};
use chrono::{DateTime, Utc};
use entity::{KinRelation, relative};

use crate::{
    error::AppResult,
    graphql::{
        ids::to_id,
        scalars::Date,
        sensitive::{self, Subject},
    },
    registry::relative::RelativeFacts,
};

/// 未在本地登记的亲属: a child or parent of a person who is not in this
/// registry, with the facts the discovery rules read. Seen by whoever may
/// read the person, like the away facts of a linked relative; the free-text
/// note is guarded like the person's own notes.
pub struct Relative(pub relative::Model);

#[Object]
impl Relative {
    async fn id(&self) -> ID {
        to_id(self.0.id)
    }

    /// Pass this back to `updateRelative` / `removeRelative`.
    async fn version(&self) -> i32 {
        self.0.version
    }

    async fn relation(&self) -> KinRelation {
        self.0.relation
    }

    /// Away from home since; `null` while living at home.
    async fn away_since(&self) -> Option<Date> {
        self.0.away_since.map(Date)
    }

    /// Away outside the county (县外), which the elderly rule asks about.
    async fn outside_county(&self) -> Option<bool> {
        self.0.outside_county
    }

    async fn deceased(&self) -> bool {
        self.0.deceased
    }

    /// For a parent: `false` records 无监护能力.
    async fn guardianship_capable(&self) -> Option<bool> {
        self.0.guardianship_capable
    }

    async fn note(&self, ctx: &Context<'_>) -> AppResult<Option<String>> {
        sensitive::subject(ctx, Subject::Person(self.0.person_id))?;
        Ok(self.0.note.clone())
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

/// The facts of an unregistered relative; `updateRelative` replaces all of them.
#[derive(InputObject, Debug, Clone)]
pub struct RelativeInput {
    pub relation: KinRelation,
    /// Away from home since: not in the future, and for a child not before
    /// the person's birth. Leave out while the relative lives at home, and
    /// clear it when he or she comes back.
    pub away_since: Option<Date>,
    /// Only with `awaySince`.
    pub outside_county: Option<bool>,
    /// Default `false`; a deceased relative has no `awaySince`.
    pub deceased: Option<bool>,
    /// Only for a father or mother.
    pub guardianship_capable: Option<bool>,
    pub note: Option<String>,
}

impl From<RelativeInput> for RelativeFacts {
    fn from(input: RelativeInput) -> Self {
        Self {
            relation: input.relation,
            away_since: input.away_since.map(|d| d.0),
            outside_county: input.outside_county,
            deceased: input.deceased,
            guardianship_capable: input.guardianship_capable,
            note: input.note,
        }
    }
}
