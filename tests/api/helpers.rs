//! `spawn_app`: the application on port 0 over a fresh database, a fixture
//! district with one account per role, and a small GraphQL client.

use std::path::PathBuf;

use chrono::Utc;
use entity::{Role, region, user};
use liushou::{
    app::Application,
    config::{Mode, Settings},
};
use sea_orm::{ActiveModelTrait as _, ConnectionTrait as _, Database, DatabaseConnection, IntoActiveModel as _};
use serde_json::{Value, json};
use uuid::Uuid;

/// The signing secret every instance under test shares.
const JWT_SECRET: &[u8] = b"test-secret-test-secret-test-secret";

/// Password of every fixture account.
pub const PASSWORD: &str = "correct-horse-42";

/// The login mutation, answering the token.
pub const LOGIN: &str = "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }";

#[derive(Debug, Clone, Copy)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Runs each named `async fn(Backend)` once per database.
#[macro_export]
macro_rules! db_tests {
    ($($name:ident),+ $(,)?) => {
        mod sqlite {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() { super::$name($crate::helpers::Backend::Sqlite).await })+
        }
        mod postgres {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() { super::$name($crate::helpers::Backend::Postgres).await })+
        }
    };
}

/// The fixture's regions, by the role of the account bound to them.
pub struct Regions {
    pub district: region::Model,
    pub town: region::Model,
    pub town2: region::Model,
    pub village: region::Model,
    pub village2: region::Model,
    pub village_b: region::Model,
    pub grid: region::Model,
    pub grid2: region::Model,
}

pub struct TestApp {
    pub base: String,
    /// The system's pool: sees every row.
    pub db: DatabaseConnection,
    /// The database the server under test uses.
    pub database_url: String,
    /// The fixture; `None` for an app spawned over the demo seed.
    pub fixture: Option<Regions>,
    pub http: reqwest::Client,
    _guard: DbGuard,
}

/// Drops the per-test database (or file) when the test ends, pass or fail.
pub struct DbGuard {
    pg_name: Option<String>,
    sqlite_file: Option<PathBuf>,
}

impl Drop for DbGuard {
    fn drop(&mut self) {
        if let Some(file) = &self.sqlite_file {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
            }
        }
        if let Some(name) = self.pg_name.take() {
            // Drop runs inside the test's runtime; use a separate thread
            // with its own runtime to run the async statement.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
                rt.block_on(async {
                    if let Ok(admin) = Database::connect(pg_admin_url()).await {
                        let _ = admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await;
                    }
                });
            })
            .join();
        }
    }
}

pub fn pg_admin_url() -> String {
    std::env::var("LIUSHOU_TEST_PG_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// The role every PostgreSQL test database belongs to and the server under
/// test connects as: an owner like a real deployment's, not a superuser,
/// because a superuser passes through row-level security and the tests
/// would never meet the second wall.
pub const OWNER_ROLE: &str = "liushou_test_owner";

/// Creates [`OWNER_ROLE`] once per cluster; parallel tests (and test
/// binaries) race to do it, and the loser's error is the expected one.
async fn ensure_owner_role(admin: &DatabaseConnection) {
    admin
        .execute_unprepared(&format!(
            "DO $$ BEGIN CREATE ROLE {OWNER_ROLE} LOGIN NOSUPERUSER NOBYPASSRLS;
             EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
        ))
        .await
        .unwrap();
}

/// `url` with its user replaced by `role` (trust authentication, as on
/// every development machine).
pub fn as_role(url: &str, role: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap();
    let host = rest.rsplit_once('@').map_or(rest, |(_, host)| host);
    format!("{scheme}://{role}@{host}")
}

pub fn pg_url_for(db: &str) -> String {
    let admin = pg_admin_url();
    let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
    format!("{base}/{db}")
}

pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, Mode::Production, None).await
}

/// The application over a small generated demo district instead of the
/// fixture, with the demo accounts (password `demo`).
pub async fn spawn_demo(backend: Backend, households: usize) -> TestApp {
    let app = spawn_bare(backend, Mode::Demo, None).await;
    let opts = liushou::demo::SeedOptions { households, seed: 7, progress: false };
    liushou::demo::seed(&app.db, &opts).await.expect("demo seed");
    app
}

pub async fn spawn_app_with(backend: Backend, mode: Mode, web_dir: Option<PathBuf>) -> TestApp {
    let mut app = spawn_bare(backend, mode, web_dir).await;
    app.fixture = Some(seed_fixture(&app.db).await);
    app
}

/// Every statement the server sends while switched on, in order.
#[derive(Default)]
pub struct Recorder {
    on: std::sync::atomic::AtomicBool,
    statements: std::sync::Mutex<Vec<sea_orm::Statement>>,
}

impl Recorder {
    /// Records what `work` makes the server send.
    pub async fn during<T>(&self, work: impl std::future::Future<Output = T>) -> (T, Vec<sea_orm::Statement>) {
        self.statements.lock().unwrap().clear();
        self.on.store(true, std::sync::atomic::Ordering::SeqCst);
        let out = work.await;
        self.on.store(false, std::sync::atomic::Ordering::SeqCst);
        (out, std::mem::take(&mut *self.statements.lock().unwrap()))
    }
}

/// The demo district, with every statement of the server's request pool
/// open to a [`Recorder`].
pub async fn spawn_demo_recorded(backend: Backend, households: usize) -> (TestApp, std::sync::Arc<Recorder>) {
    let recorder = std::sync::Arc::new(Recorder::default());
    let app = spawn_with(backend, Mode::Demo, None, Some(recorder.clone())).await;
    let opts = liushou::demo::SeedOptions { households, seed: 7, progress: false };
    liushou::demo::seed(&app.db, &opts).await.expect("demo seed");
    (app, recorder)
}

async fn spawn_bare(backend: Backend, mode: Mode, web_dir: Option<PathBuf>) -> TestApp {
    spawn_with(backend, mode, web_dir, None).await
}

async fn spawn_with(
    backend: Backend,
    mode: Mode,
    web_dir: Option<PathBuf>,
    recorder: Option<std::sync::Arc<Recorder>>,
) -> TestApp {
    liushou::telemetry::init();
    let tag = Uuid::now_v7().simple().to_string();
    let (url, guard) = fresh_database(backend, &tag).await;
    let settings = Settings {
        database_url: url.clone(),
        bind: "127.0.0.1:0".parse().unwrap(),
        web_dir: web_dir.unwrap_or_else(|| std::env::temp_dir().join(format!("liushou-no-web-{tag}"))),
        mode,
        jwt_secret: JWT_SECRET.to_vec(),
        token_ttl: std::time::Duration::from_secs(600),
    };
    let mut conn = liushou::db::connect(&settings.database_url).await.expect("database");
    liushou::db::migrate(&conn).await.expect("migrations");
    if let Some(recorder) = recorder {
        conn.set_metric_callback(move |info| {
            if recorder.on.load(std::sync::atomic::Ordering::SeqCst) {
                recorder.statements.lock().unwrap().push(info.statement.clone());
            }
        });
    }
    let app = Application::build_with(settings, conn).await.expect("application builds");
    running(app, url, guard)
}

/// Runs `app` in the background and answers its client.
fn running(app: Application, database_url: String, guard: DbGuard) -> TestApp {
    let addr = app.local_addr().unwrap();
    // The tests arrange and check data as the system would: past any
    // jurisdiction (and, on PostgreSQL, past row security).
    let db = app.state.system.clone();
    tokio::spawn(app.run_until_stopped());
    TestApp {
        base: format!("http://{addr}"),
        db,
        database_url,
        fixture: None,
        http: reqwest::Client::new(),
        _guard: guard,
    }
}

/// An empty database named after `tag`, and its URL; it is dropped (or
/// its file removed) with the guard.
pub async fn fresh_database(backend: Backend, tag: &str) -> (String, DbGuard) {
    match backend {
        Backend::Sqlite => {
            let file = std::env::temp_dir().join(format!("liushou-test-{tag}.db"));
            (format!("sqlite://{}?mode=rwc", file.display()), DbGuard { pg_name: None, sqlite_file: Some(file) })
        }
        Backend::Postgres => {
            let name = format!("liushou_test_{tag}");
            let admin = Database::connect(pg_admin_url()).await.expect("PostgreSQL at LIUSHOU_TEST_PG_URL");
            ensure_owner_role(&admin).await;
            admin.execute_unprepared(&format!("CREATE DATABASE {name} OWNER {OWNER_ROLE}")).await.unwrap();
            (as_role(&pg_url_for(&name), OWNER_ROLE), DbGuard { pg_name: Some(name), sqlite_file: None })
        }
    }
}

async fn insert_region(
    db: &DatabaseConnection,
    parent: Option<&region::Model>,
    level: entity::RegionLevel,
    code: &str,
    name: &str,
    rural: bool,
) -> region::Model {
    let (key_lo, key_hi) = region::scope_span(code).unwrap();
    let now = Utc::now();
    region::Model {
        id: Uuid::now_v7(),
        parent_id: parent.map(|p| p.id),
        level,
        code: code.into(),
        name: name.into(),
        rural,
        key_lo,
        key_hi,
        lat: Some(38.9),
        lng: Some(117.5),
        version: 1,
        created_at: now,
        updated_at: now,
    }
    .into_active_model()
    .insert(db)
    .await
    .unwrap()
}

/// 滨海新区 with two towns; the first has two villages, the first of
/// which has two grids; the second has one village. One account per role,
/// named like the demo accounts.
pub async fn seed_fixture(db: &DatabaseConnection) -> Regions {
    use entity::RegionLevel::*;
    let district = insert_region(db, None, District, "120116", "滨海新区", false).await;
    let town = insert_region(db, Some(&district), Town, "120116157", "小王庄镇", true).await;
    let town2 = insert_region(db, Some(&district), Town, "120116151", "新城镇", true).await;
    let village = insert_region(db, Some(&town), Village, "120116157201", "渡口村", true).await;
    let village2 = insert_region(db, Some(&town), Village, "120116157202", "小王庄村", true).await;
    let village_b = insert_region(db, Some(&town2), Village, "120116151201", "大安村", true).await;
    let grid = insert_region(db, Some(&village), Grid, "120116157201001", "渡口村第1网格", true).await;
    let grid2 = insert_region(db, Some(&village), Grid, "120116157201002", "渡口村第2网格", true).await;
    let hash = liushou::auth::password::hash(PASSWORD).unwrap();
    let accounts = [
        ("admin", Role::Admin, &district),
        ("district", Role::District, &district),
        ("town", Role::Town, &town),
        ("town2", Role::Town, &town2),
        ("village", Role::Village, &village),
        ("village2", Role::Village, &village2),
        ("grid", Role::Grid, &grid),
        ("grid2", Role::Grid, &grid2),
    ];
    for (username, role, region) in accounts {
        user::Model::in_force_from_start(
            username.into(),
            format!("测试{username}"),
            role,
            region.id,
            hash.clone(),
            Utc::now(),
        )
        .into_active_model()
        .insert(db)
        .await
        .unwrap();
    }
    Regions { district, town, town2, village, village2, village_b, grid, grid2 }
}

impl TestApp {
    /// Another server instance on the same database, as a second
    /// `liushou serve` behind a load balancer would be: its own pools, its
    /// own process state, the same signing secret. Its database belongs to
    /// `self`, which drops it.
    pub async fn second_instance(&self) -> TestApp {
        let settings = Settings {
            database_url: self.database_url.clone(),
            bind: "127.0.0.1:0".parse().unwrap(),
            web_dir: std::env::temp_dir().join("liushou-no-web-second"),
            mode: Mode::Production,
            jwt_secret: JWT_SECRET.to_vec(),
            token_ttl: std::time::Duration::from_secs(600),
        };
        let app = Application::build(settings).await.expect("the second instance builds");
        running(app, self.database_url.clone(), DbGuard { pg_name: None, sqlite_file: None })
    }

    /// The fixture's regions (apps from `spawn_app`).
    pub fn regions(&self) -> &Regions {
        self.fixture.as_ref().expect("an app spawned with the fixture")
    }

    /// POSTs a GraphQL request and returns the status and JSON body.
    pub async fn post(&self, token: Option<&str>, query: &str, variables: Value) -> (u16, Value) {
        let mut req =
            self.http.post(format!("{}/graphql", self.base)).json(&json!({ "query": query, "variables": variables }));
        if let Some(token) = token {
            req = req.bearer_auth(token);
        }
        let res = req.send().await.expect("request sent");
        let status = res.status().as_u16();
        (status, res.json().await.expect("JSON body"))
    }

    /// The response body of a request by `token`.
    pub async fn gql(&self, token: &str, query: &str, variables: Value) -> Value {
        self.post(Some(token), query, variables).await.1
    }

    /// Logs in a fixture account and returns its token.
    pub async fn login(&self, username: &str) -> String {
        let password = if self.fixture.is_some() { PASSWORD } else { "demo" };
        let body = self.try_login(username, password).await;
        body["data"]["login"]["token"].as_str().unwrap_or_else(|| panic!("login {username}: {body}")).to_owned()
    }

    /// The answer to a login with `password`, whatever it is.
    pub async fn try_login(&self, username: &str, password: &str) -> Value {
        self.post(None, LOGIN, json!({ "u": username, "p": password })).await.1
    }

    /// A dashboard API token for `region`, created by the fixture's admin.
    pub async fn dashboard_token(&self, region: &region::Model) -> String {
        let admin = self.login("admin").await;
        let body = self
            .gql(
                &admin,
                "mutation($r: ID!) { createApiToken(name: \"看板\", regionId: $r) { token apiToken { id } } }",
                json!({ "r": region.id.to_string() }),
            )
            .await;
        body["data"]["createApiToken"]["token"].as_str().unwrap_or_else(|| panic!("createApiToken: {body}")).to_owned()
    }

    /// Creates a household as `token` in `region` and returns its id.
    pub async fn create_household(&self, token: &str, region: &region::Model, address: &str) -> String {
        let body = self
            .gql(
                token,
                "mutation($i: HouseholdInput!) { createHousehold(input: $i) { id } }",
                json!({ "i": { "regionId": region.id.to_string(), "address": address, "lat": 38.95, "lng": 117.55 } }),
            )
            .await;
        body["data"]["createHousehold"]["id"].as_str().unwrap_or_else(|| panic!("createHousehold: {body}")).to_owned()
    }

    /// Adds a person as `token` and returns the id.
    pub async fn add_person(&self, token: &str, household: &str, input: Value) -> String {
        let body = self
            .gql(
                token,
                "mutation($h: ID!, $i: PersonInput!) { addPerson(householdId: $h, input: $i) { id } }",
                json!({ "h": household, "i": input }),
            )
            .await;
        body["data"]["addPerson"]["id"].as_str().unwrap_or_else(|| panic!("addPerson: {body}")).to_owned()
    }
}

/// The `extensions.code` of the first error, if any.
pub fn error_code(body: &Value) -> Option<&str> {
    body["errors"][0]["extensions"]["code"].as_str()
}

/// A valid ID number for a birth date and sex (odd sequence digit = male).
pub fn id_number(birth: &str, male: bool, seq: u32) -> String {
    let seq = seq * 2 + u32::from(male);
    with_check(&format!("120116{birth}{seq:03}"))
}

/// The 17 digits given, completed with their check character.
pub fn with_check(first17: &str) -> String {
    let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = first17.bytes().zip(weights).map(|(d, w)| u32::from(d - b'0') * w).sum();
    let check = b"10X98765432"[(sum % 11) as usize] as char;
    format!("{first17}{check}")
}

/// A minimal valid person input.
pub fn person(name: &str) -> Value {
    json!({ "name": name, "relationToHead": "HEAD", "residenceStatus": "AT_HOME" })
}

/// Reverts the migrations from `name` (e.g. `m20261129_000004_add_visit_schedules`)
/// to the newest, so that a migration's `down()` is tested whatever was added after it.
pub async fn migrate_down_through(db: &DatabaseConnection, name: &str) {
    use migration::MigratorTrait as _;
    let all = migration::Migrator::migrations();
    let steps = all.iter().rev().position(|m| m.name() == name).unwrap_or_else(|| panic!("no migration {name}")) + 1;
    migration::Migrator::down(db, Some(u32::try_from(steps).unwrap())).await.unwrap();
}
