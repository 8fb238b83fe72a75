use async_graphql::{Context, ID, InputObject, Object};
use chrono::{DateTime, Utc};
use entity::alert::{self, AlertKind, AlertStatus};

use crate::{
    alerts,
    error::{AppResult, FieldErrors},
    graphql::{
        context::ContextExt as _,
        ids::{self, to_id},
        person::types::Person,
        reason::Reason,
        scalars::Date,
        sensitive::{self, Subject},
        user::staff::{StaffMember, staff},
    },
};

/// A mandatory report about a child. Reached only through scoped queries
/// guarded by the `Classification` field policy.
pub struct Alert(pub alert::Model);

impl Alert {
    /// Names the person this alert is about as the subject of the guarded
    /// field being read; the field policy (`graphql::sensitive`) refuses and
    /// records it (every field of a child's alert is a child's data).
    fn read(&self, ctx: &Context<'_>) -> AppResult<()> {
        sensitive::subject(ctx, Subject::Person(self.0.person_id))
    }
}

#[Object]
impl Alert {
    async fn id(&self, ctx: &Context<'_>) -> AppResult<ID> {
        self.read(ctx)?;
        Ok(to_id(self.0.id))
    }

    async fn version(&self, ctx: &Context<'_>) -> AppResult<i32> {
        self.read(ctx)?;
        Ok(self.0.version)
    }

    /// `null` if the person is outside the caller's jurisdiction.
    async fn person(&self, ctx: &Context<'_>) -> AppResult<Option<Person>> {
        self.read(ctx)?;
        Ok(ctx.loaders()?.person.load_one(self.0.person_id).await?.map(Person))
    }

    async fn kind(&self, ctx: &Context<'_>) -> AppResult<AlertKind> {
        self.read(ctx)?;
        Ok(self.0.kind)
    }

    /// `OPEN` until a town or district officer acknowledges it.
    async fn status(&self, ctx: &Context<'_>) -> AppResult<AlertStatus> {
        self.read(ctx)?;
        Ok(self.0.status)
    }

    async fn reasons(&self, ctx: &Context<'_>) -> AppResult<Vec<Reason>> {
        self.read(ctx)?;
        Ok(Reason::list(Some(&self.0.reasons)))
    }

    async fn raised_at(&self, ctx: &Context<'_>) -> AppResult<DateTime<Utc>> {
        self.read(ctx)?;
        Ok(self.0.raised_at)
    }

    /// The day the rules found the situation over; `null` while it lasts.
    /// A cleared alert still needs acknowledging if it is open.
    async fn cleared_on(&self, ctx: &Context<'_>) -> AppResult<Option<Date>> {
        self.read(ctx)?;
        Ok(self.0.cleared_on.map(Date))
    }

    async fn acknowledged_by(&self, ctx: &Context<'_>) -> AppResult<Option<StaffMember>> {
        self.read(ctx)?;
        staff(ctx, self.0.acknowledged_by).await
    }

    async fn acknowledged_at(&self, ctx: &Context<'_>) -> AppResult<Option<DateTime<Utc>>> {
        self.read(ctx)?;
        Ok(self.0.acknowledged_at)
    }

    /// What was done, as recorded on acknowledgement.
    async fn note(&self, ctx: &Context<'_>) -> AppResult<Option<&str>> {
        self.read(ctx)?;
        Ok(self.0.note.as_deref())
    }
}

#[derive(InputObject, Debug, Clone, Default)]
pub struct AlertFilter {
    pub status: Option<AlertStatus>,
    pub kind: Option<AlertKind>,
    /// Only alerts in this region's subtree.
    pub region_id: Option<ID>,
}

impl AlertFilter {
    pub fn parse(self) -> AppResult<alerts::AlertFilter> {
        let mut e = FieldErrors::default();
        let region_id = ids::collect(&mut e, self.region_id.as_ref(), "filter.regionId");
        e.into_result()?;
        Ok(alerts::AlertFilter { status: self.status, kind: self.kind, region_id })
    }
}
