//! The eight demo accounts of API.md "Demo mode", all with password `demo`.

use anyhow::Context as _;
use chrono::{DateTime, Utc};
use entity::{Role, user};

use super::regions::Tree;

/// The password of every demo account.
pub const PASSWORD: &str = "demo";

/// Picks the accounts' regions from the tree: `town` in 小王庄镇, `town2` in
/// another town, `village`/`village2` two villages of `town`'s town,
/// `grid`/`grid2` two grids of `village`'s village. Each password is hashed
/// with its own salt, on blocking threads since argon2 is deliberately slow.
pub(super) async fn build(tree: &Tree, now: DateTime<Utc>) -> anyhow::Result<Vec<user::Model>> {
    let regions = &tree.regions;
    anyhow::ensure!(!regions.is_empty(), "the region tree is empty");
    let town = tree
        .towns
        .iter()
        .find(|t| regions[t.index].code == "120116157")
        .context("小王庄镇 is missing from the region tree")?;
    let town2 = tree
        .towns
        .iter()
        .find(|t| t.index != town.index && regions[t.index].rural)
        .context("no second town in the region tree")?;
    let [village, village2, ..] = town.units.as_slice() else {
        anyhow::bail!("小王庄镇 needs two villages for the demo accounts");
    };
    let [grid, grid2, ..] = village.grids.as_slice() else {
        anyhow::bail!("the demo village needs two grids");
    };
    // The tree is built district first.
    let (d, t, t2) = (0, town.index, town2.index);
    let (v, v2, g, g2) = (village.index, village2.index, *grid, *grid2);
    let title = |i: usize, duty: &str| format!("{}{duty}", regions[i].name);
    let specs = [
        ("admin", Role::Admin, d, "系统管理员".to_owned()),
        ("district", Role::District, d, "区民政局分管处室干部".to_owned()),
        ("town", Role::Town, t, title(t, "民政干部")),
        ("town2", Role::Town, t2, title(t2, "民政干部")),
        ("village", Role::Village, v, title(v, "两委干部")),
        ("village2", Role::Village, v2, title(v2, "两委干部")),
        ("grid", Role::Grid, g, title(g, "网格员")),
        ("grid2", Role::Grid, g2, title(g2, "网格员")),
    ];
    let hashes = specs.each_ref().map(|_| tokio::task::spawn_blocking(hash_password));
    let mut users = Vec::with_capacity(specs.len());
    for ((username, role, region, display_name), hash) in specs.into_iter().zip(hashes) {
        users.push(user::Model::in_force_from_start(
            username.to_owned(),
            display_name,
            role,
            regions[region].id,
            hash.await.context("password hashing task failed")??,
            now,
        ));
    }
    Ok(users)
}

/// The demo password, hashed like any other (its own random salt).
fn hash_password() -> anyhow::Result<String> {
    crate::auth::password::hash(PASSWORD).map_err(|err| anyhow::anyhow!("hashing the demo password: {err}"))
}
