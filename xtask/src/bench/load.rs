//! The load generator: a fixed number of keep-alive connections, each a
//! thread sending its next request as soon as the last one is answered
//! (a closed loop, so the load is bounded by the connection count), a
//! warm-up whose answers are thrown away, then a measured window of fixed
//! length.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::http::{Client, Reply};
use super::json;

/// One request to send: its body and any headers beyond the usual.
pub struct Request {
    pub body: String,
    pub headers: Vec<(&'static str, String)>,
}

/// How long and how wide one run is.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    pub connections: usize,
    pub warm_up: Duration,
    pub duration: Duration,
}

/// What one run measured inside its window.
#[derive(Debug, Default)]
pub struct Measured {
    /// Latencies of the successful answers, sorted, in microseconds.
    pub latencies_us: Vec<u64>,
    pub errors: u64,
    /// The distinct errors seen (in the window or not), with their counts.
    pub error_kinds: BTreeMap<String, u64>,
    /// TCP connections opened over the run, warm-up included.
    pub connects: u64,
}

impl Measured {
    pub fn ok(&self) -> u64 {
        self.latencies_us.len() as u64
    }
}

/// Runs `plan` against `addr`: `next(worker, n)` makes worker `worker`'s
/// `n`-th request. `at_window` is called on this thread once when the
/// measured window opens and once when it closes, for readings of the
/// server (CPU, memory) over exactly that span.
pub fn run(
    addr: SocketAddr,
    plan: Plan,
    next: &(dyn Fn(usize, u64) -> Request + Sync),
    mut at_window: impl FnMut(bool),
) -> Measured {
    let started = Instant::now();
    let window_start = started + plan.warm_up;
    let window_end = window_start + plan.duration;
    let total = Mutex::new(Measured::default());
    std::thread::scope(|scope| {
        for worker in 0..plan.connections {
            let total = &total;
            scope.spawn(move || {
                let mine = work(addr, worker, window_start, window_end, next);
                let mut total = total.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                total.latencies_us.extend(mine.latencies_us);
                total.errors += mine.errors;
                total.connects += mine.connects;
                for (kind, count) in mine.error_kinds {
                    *total.error_kinds.entry(kind).or_default() += count;
                }
            });
        }
        sleep_until(window_start);
        at_window(true);
        sleep_until(window_end);
        at_window(false);
    });
    let mut total = total.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    total.latencies_us.sort_unstable();
    total
}

/// One connection's loop. An answer counts when it arrives inside the
/// window, whenever its request was sent: counting only requests sent
/// inside it would leave out exactly the slow ones (a 6 s request in a
/// 10 s window mostly straddles an edge). No request is sent after the
/// window closes, and one answered after that is not counted.
fn work(
    addr: SocketAddr,
    worker: usize,
    window_start: Instant,
    window_end: Instant,
    next: &(dyn Fn(usize, u64) -> Request + Sync),
) -> Measured {
    let mut client = Client::new(addr);
    let mut out = Measured::default();
    let mut n = 0;
    loop {
        let request = next(worker, n);
        n += 1;
        let sent = Instant::now();
        if sent >= window_end {
            break;
        }
        let headers: Vec<(&str, &str)> = request.headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let outcome = client
            .post_json("/graphql", &headers, request.body.as_bytes())
            .map_err(|e| format!("transport: {}", e.kind()))
            .and_then(|reply| graphql_outcome(&reply));
        let answered = Instant::now();
        let counts = (window_start..=window_end).contains(&answered);
        match outcome {
            Ok(()) if counts => out.latencies_us.push(answered.duration_since(sent).as_micros() as u64),
            Ok(()) => {}
            Err(kind) => {
                if counts {
                    out.errors += 1;
                }
                *out.error_kinds.entry(kind).or_default() += 1;
            }
        }
    }
    out.connects = client.connects;
    out
}

/// Whether an answer is a success: HTTP 200, JSON, `data` not null and no
/// `errors` (GraphQL answers partial failures with 200). The error is a
/// short, stable description (status or the first error's code).
pub fn graphql_outcome(reply: &Reply) -> Result<(), String> {
    if reply.status != 200 {
        return Err(format!("HTTP {}", reply.status));
    }
    let text = std::str::from_utf8(&reply.body).map_err(|_| "body not UTF-8".to_owned())?;
    let doc = json::parse(text).map_err(|_| "body not JSON".to_owned())?;
    if let Some(errors) = doc.get("errors").filter(|e| !e.as_array().is_empty()) {
        let first = errors.as_array().first();
        let code = first.and_then(|e| e.at(&["extensions", "code"])).and_then(json::Json::as_str);
        let message = first.and_then(|e| e.get("message")).and_then(json::Json::as_str).unwrap_or("?");
        return Err(match code {
            Some(code) => format!("GraphQL {code}"),
            None => format!("GraphQL error: {}", message.chars().take(80).collect::<String>()),
        });
    }
    match doc.get("data") {
        None | Some(json::Json::Null) => Err("no data".to_owned()),
        Some(_) => Ok(()),
    }
}

fn sleep_until(when: Instant) {
    let now = Instant::now();
    if when > now {
        std::thread::sleep(when - now);
    }
}

/// The `p`-th percentile (0 < p ≤ 100) of sorted samples by the
/// nearest-rank method: the smallest sample with at least p % of the
/// samples at or below it. `None` without samples.
pub fn percentile(sorted: &[u64], p: f64) -> Option<u64> {
    if sorted.is_empty() || !(p > 0.0 && p <= 100.0) {
        return None;
    }
    let rank = (p / 100.0 * sorted.len() as f64).ceil() as usize;
    Some(sorted[rank.clamp(1, sorted.len()) - 1])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_use_the_nearest_rank() {
        let samples: Vec<u64> = (1..=100).collect();
        assert_eq!(percentile(&samples, 50.0), Some(50));
        assert_eq!(percentile(&samples, 99.0), Some(99));
        assert_eq!(percentile(&samples, 100.0), Some(100));
        let few = [10, 20, 30, 40, 1000];
        assert_eq!(percentile(&few, 50.0), Some(30));
        // With five samples the 99th percentile is the slowest one.
        assert_eq!(percentile(&few, 99.0), Some(1000));
        assert_eq!(percentile(&few, 1.0), Some(10));
    }

    #[test]
    fn percentiles_of_nothing_are_none() {
        assert_eq!(percentile(&[], 50.0), None);
        assert_eq!(percentile(&[5], 0.0), None);
        assert_eq!(percentile(&[5], 101.0), None);
        assert_eq!(percentile(&[5], 99.0), Some(5));
    }

    /// A server on a loopback port answering every other request with a
    /// GraphQL error, over keep-alive, until the client goes away.
    fn flaky_server() -> SocketAddr {
        use std::io::{BufRead as _, BufReader, Read as _, Write as _};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { return };
                std::thread::spawn(move || {
                    let mut reader = BufReader::new(stream.try_clone().unwrap());
                    let mut writer = stream;
                    for n in 0.. {
                        let mut length = 0;
                        loop {
                            let mut line = String::new();
                            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                                return;
                            }
                            if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                                length = v.trim().parse().unwrap();
                            }
                            if line == "\r\n" {
                                break;
                            }
                        }
                        let mut body = vec![0; length];
                        reader.read_exact(&mut body).unwrap();
                        let answer = if n % 2 == 0 {
                            r#"{"data":{"ok":true}}"#
                        } else {
                            r#"{"data":null,"errors":[{"message":"no","extensions":{"code":"FORBIDDEN"}}]}"#
                        };
                        std::thread::sleep(Duration::from_millis(2));
                        let head = format!("HTTP/1.1 200 OK\r\ncontent-length: {}\r\n\r\n", answer.len());
                        if writer.write_all(head.as_bytes()).and_then(|()| writer.write_all(answer.as_bytes())).is_err()
                        {
                            return;
                        }
                    }
                });
            }
        });
        addr
    }

    #[test]
    fn a_run_counts_answers_and_errors_over_kept_alive_connections() {
        let addr = flaky_server();
        let plan = Plan { connections: 2, warm_up: Duration::from_millis(100), duration: Duration::from_millis(400) };
        let mut calls = Vec::new();
        let next = |_: usize, _: u64| Request { body: "{}".to_owned(), headers: vec![("X-Bench", "1".to_owned())] };
        let measured = run(addr, plan, &next, |opening| calls.push(opening));
        assert_eq!(calls, [true, false]);
        assert!(measured.ok() > 0 && measured.errors > 0, "{measured:?}");
        assert!(measured.ok().abs_diff(measured.errors) <= 2, "every other answer is an error: {measured:?}");
        assert!(measured.error_kinds.contains_key("GraphQL FORBIDDEN"));
        assert_eq!(measured.connects, 2, "one connection per worker, kept alive");
        assert!(measured.latencies_us.windows(2).all(|w| w[0] <= w[1]), "latencies are sorted");
    }

    fn reply(status: u16, body: &str) -> Reply {
        Reply { status, body: body.as_bytes().to_vec() }
    }

    #[test]
    fn an_answer_with_graphql_errors_is_an_error_even_with_status_200() {
        assert_eq!(graphql_outcome(&reply(200, r#"{"data":{"me":{"id":"1"}}}"#)), Ok(()));
        assert_eq!(
            graphql_outcome(&reply(
                200,
                r#"{"data":null,"errors":[{"message":"no","extensions":{"code":"FORBIDDEN"}}]}"#
            )),
            Err("GraphQL FORBIDDEN".to_owned())
        );
        assert_eq!(
            graphql_outcome(&reply(200, r#"{"data":{"a":1},"errors":[{"message":"partial"}]}"#)),
            Err("GraphQL error: partial".to_owned())
        );
        assert_eq!(graphql_outcome(&reply(200, r#"{"data":{},"errors":[]}"#)), Ok(()));
        assert_eq!(graphql_outcome(&reply(200, r#"{"data":null}"#)), Err("no data".to_owned()));
        assert_eq!(graphql_outcome(&reply(408, "")), Err("HTTP 408".to_owned()));
        assert_eq!(graphql_outcome(&reply(200, "<html>")), Err("body not JSON".to_owned()));
    }
}
