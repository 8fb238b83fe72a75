//! `StaffMember`: the account beside a decision, a visit or a report,
//! shown by name and role only.

use async_graphql::{Context, ID, Object};
use entity::{Role, user};
use uuid::Uuid;

use crate::{
    error::AppResult,
    graphql::{context::ContextExt as _, ids::to_id},
};

/// A staff member as shown beside a decision: name and role only.
pub struct StaffMember(pub user::Model);

#[Object]
impl StaffMember {
    async fn id(&self) -> ID {
        to_id(self.0.id)
    }

    async fn display_name(&self) -> &str {
        &self.0.display_name
    }

    async fn role(&self) -> Role {
        self.0.role
    }
}

pub async fn staff(ctx: &Context<'_>, id: Option<Uuid>) -> AppResult<Option<StaffMember>> {
    let Some(id) = id else { return Ok(None) };
    Ok(ctx.loaders()?.staff.load_one(id).await?.map(StaffMember))
}
