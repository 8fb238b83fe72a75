use async_graphql::{Context, ID, InputObject, Object};
use chrono::{DateTime, Utc};
use entity::{CareLevel, Category, ClassificationStatus, classification, classification_event};

use crate::{
    classifications,
    error::{AppResult, FieldErrors},
    graphql::{
        context::ContextExt as _,
        ids::{self, to_id},
        person::types::Person,
        scalars::Date,
        sensitive::{self, Subject},
    },
};

use crate::graphql::{
    reason::Reason,
    user::staff::{StaffMember, staff},
};

/// A category suggested for, or held by, a person. Reached only through
/// scoped queries and guarded by the `Classification` field policy there.
pub struct Classification(pub classification::Model);

impl Classification {
    /// `rows` as output types, keeping only `statuses` when given.
    pub fn with_status(rows: Vec<classification::Model>, statuses: Option<&[ClassificationStatus]>) -> Vec<Self> {
        rows.into_iter().filter(|c| statuses.is_none_or(|s| s.contains(&c.status))).map(Self).collect()
    }
}

impl Classification {
    /// Names the person this classification is about as the subject of the guarded
    /// field being read; the field policy (`graphql::sensitive`) refuses and
    /// records it (every field of a child's classification is a child's data).
    fn read(&self, ctx: &Context<'_>) -> AppResult<()> {
        sensitive::subject(ctx, Subject::Person(self.0.person_id))
    }
}

#[Object]
impl Classification {
    async fn id(&self, ctx: &Context<'_>) -> AppResult<ID> {
        self.read(ctx)?;
        Ok(to_id(self.0.id))
    }

    /// Changes with every transition and every refresh of the reasons.
    async fn version(&self, ctx: &Context<'_>) -> AppResult<i32> {
        self.read(ctx)?;
        Ok(self.0.version)
    }

    /// `null` if the person is outside the caller's jurisdiction.
    async fn person(&self, ctx: &Context<'_>) -> AppResult<Option<Person>> {
        self.read(ctx)?;
        Ok(ctx.loaders()?.person.load_one(self.0.person_id).await?.map(Person))
    }

    async fn category(&self, ctx: &Context<'_>) -> AppResult<Category> {
        self.read(ctx)?;
        Ok(self.0.category)
    }

    async fn status(&self, ctx: &Context<'_>) -> AppResult<ClassificationStatus> {
        self.read(ctx)?;
        Ok(self.0.status)
    }

    /// The care level decided on confirmation.
    async fn care_level(&self, ctx: &Context<'_>) -> AppResult<Option<CareLevel>> {
        self.read(ctx)?;
        Ok(self.0.care_level)
    }

    /// The care level the facts suggest (see `careReasons`).
    async fn suggested_care_level(&self, ctx: &Context<'_>) -> AppResult<Option<CareLevel>> {
        self.read(ctx)?;
        Ok(self.0.suggested_care_level)
    }

    /// Why the rules found the category.
    async fn reasons(&self, ctx: &Context<'_>) -> AppResult<Vec<Reason>> {
        self.read(ctx)?;
        Ok(Reason::list(Some(&self.0.reasons)))
    }

    /// Why the suggested care level.
    async fn care_reasons(&self, ctx: &Context<'_>) -> AppResult<Vec<Reason>> {
        self.read(ctx)?;
        Ok(Reason::list(self.0.care_reasons.as_ref()))
    }

    /// Why it ended: the facts that stopped matching.
    async fn end_reasons(&self, ctx: &Context<'_>) -> AppResult<Vec<Reason>> {
        self.read(ctx)?;
        Ok(Reason::list(self.0.end_reasons.as_ref()))
    }

    /// The day the rules first found the match.
    async fn since(&self, ctx: &Context<'_>) -> AppResult<Date> {
        self.read(ctx)?;
        Ok(Date(self.0.since))
    }

    /// The day the facts stopped matching (for `ENDED`).
    async fn until(&self, ctx: &Context<'_>) -> AppResult<Option<Date>> {
        self.read(ctx)?;
        Ok(self.0.until.map(Date))
    }

    /// Who confirmed or rejected it.
    async fn decided_by(&self, ctx: &Context<'_>) -> AppResult<Option<StaffMember>> {
        self.read(ctx)?;
        staff(ctx, self.0.decided_by).await
    }

    async fn decided_at(&self, ctx: &Context<'_>) -> AppResult<Option<DateTime<Utc>>> {
        self.read(ctx)?;
        Ok(self.0.decided_at)
    }

    /// The confirmer's note, or the reason for a rejection.
    async fn note(&self, ctx: &Context<'_>) -> AppResult<Option<&str>> {
        self.read(ctx)?;
        Ok(self.0.note.as_deref())
    }

    /// Every transition, oldest first: nothing is overwritten.
    async fn history(&self, ctx: &Context<'_>) -> AppResult<Vec<ClassificationEvent>> {
        self.read(ctx)?;
        let events = ctx.loaders()?.classification_events.load_one(self.0.id).await?;
        Ok(events.unwrap_or_default().into_iter().map(ClassificationEvent).collect())
    }

    async fn created_at(&self, ctx: &Context<'_>) -> AppResult<DateTime<Utc>> {
        self.read(ctx)?;
        Ok(self.0.created_at)
    }

    async fn updated_at(&self, ctx: &Context<'_>) -> AppResult<DateTime<Utc>> {
        self.read(ctx)?;
        Ok(self.0.updated_at)
    }
}

/// One transition: from what to what, by whom (or the rules), why.
pub struct ClassificationEvent(pub classification_event::Model);

#[Object]
impl ClassificationEvent {
    async fn id(&self) -> ID {
        to_id(self.0.id)
    }

    /// `null` for the first suggestion.
    async fn from_status(&self) -> Option<ClassificationStatus> {
        self.0.from_status
    }

    /// Equal to `fromStatus` when the rules refreshed the reasons.
    async fn to_status(&self) -> ClassificationStatus {
        self.0.to_status
    }

    /// `null` when the rules engine made the change.
    async fn actor(&self, ctx: &Context<'_>) -> AppResult<Option<StaffMember>> {
        staff(ctx, self.0.actor_id).await
    }

    async fn by_system(&self) -> bool {
        self.0.actor_id.is_none()
    }

    /// Staff's note or reason; for the rules, their reason codes.
    async fn reason(&self) -> Option<&str> {
        self.0.reason.as_deref()
    }

    /// The rules' reasons, parsed (empty for a staff decision).
    async fn rule_reasons(&self) -> Vec<Reason> {
        if self.0.actor_id.is_some() {
            return Vec::new();
        }
        let text = self.0.reason.as_deref().unwrap_or_default();
        let text = text.strip_prefix("FACTS_CHANGED: ").unwrap_or(text);
        text.split(", ").filter(|s| !s.is_empty()).map(|s| Reason::from_stored(s.to_owned())).collect()
    }

    /// The care level after this transition.
    async fn care_level(&self) -> Option<CareLevel> {
        self.0.care_level
    }

    async fn at(&self) -> DateTime<Utc> {
        self.0.at
    }
}

/// The verification work list: every filter narrows it.
#[derive(InputObject, Debug, Clone, Default)]
pub struct ClassificationFilter {
    pub category: Option<Category>,
    pub status: Option<ClassificationStatus>,
    /// The decided care level.
    pub care_level: Option<CareLevel>,
    /// Only classifications in this region's subtree.
    pub region_id: Option<ID>,
    /// Only those first found on or after this day.
    pub suggested_since: Option<Date>,
    pub person_id: Option<ID>,
}

impl ClassificationFilter {
    pub fn parse(self) -> AppResult<classifications::ClassificationFilter> {
        let mut e = FieldErrors::default();
        let region_id = ids::collect(&mut e, self.region_id.as_ref(), "filter.regionId");
        let person_id = ids::collect(&mut e, self.person_id.as_ref(), "filter.personId");
        e.into_result()?;
        Ok(classifications::ClassificationFilter {
            category: self.category,
            status: self.status,
            care_level: self.care_level,
            region_id,
            suggested_since: self.suggested_since.map(|d| d.0),
            person_id,
        })
    }
}
