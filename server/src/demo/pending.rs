//! One account awaiting approval, so that 账号审核 is not empty on first
//! start: the admin has asked for a second grid worker for `grid`'s grid,
//! and `town` (or `district`) decides. It goes through the real service, so
//! the request is audited like any other and the two-person rule applies.

use entity::{Role, user};
use sea_orm::{ColumnTrait as _, DatabaseConnection, EntityTrait as _, QueryFilter as _};

use anyhow::Context as _;

use crate::{
    accounts::admin::{self, NewUser},
    db::Db,
};

pub const USERNAME: &str = "grid3";
/// Works once the account is approved; until then no password does.
pub const PASSWORD: &str = "xinwangge-2026";

pub async fn seed(db: &DatabaseConnection) -> anyhow::Result<()> {
    let admin_actor = super::reports::actor(db, "admin").await?;
    let grid =
        user::Entity::find().filter(user::Column::Username.eq("grid")).one(db).await?.context("demo account grid")?;
    let input = NewUser {
        username: USERNAME.to_owned(),
        display_name: "王新（新任网格员）".to_owned(),
        role: Role::Grid,
        region_id: grid.region_id,
        password: PASSWORD.to_owned(),
    };
    admin::create(&Db::unscoped(db, db), &admin_actor, input).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(())
}
