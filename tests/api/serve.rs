//! `liushou serve` as a new deployment first runs it: on a database that
//! holds nothing yet.

use uuid::Uuid;

use crate::{
    db_tests,
    helpers::{Backend, fresh_database},
    real_server::spawn,
};

async fn serve_on_a_new_empty_database_migrates_it_and_answers(backend: Backend) {
    let tag = Uuid::now_v7().simple().to_string();
    let (url, _guard) = fresh_database(backend, &tag).await;

    let (mut child, log, addr) = spawn(&url, &tag).await;
    let health = reqwest::get(format!("http://{addr}/healthz")).await.map(|r| r.status().as_u16());
    let exited = child.try_wait().unwrap();
    let _ = child.kill();
    let _ = child.wait();

    assert!(exited.is_none(), "serve exited on an empty database:\n{}", log.lock().unwrap());
    assert!(matches!(health, Ok(200)), "/healthz: {health:?}\n{}", log.lock().unwrap());
}

db_tests!(serve_on_a_new_empty_database_migrates_it_and_answers);
