//! The live session, event by event: what the page is told to do when a stream opens, carries
//! items, breaks, ends, or cannot open; and that nothing happens after the person left.

use serde_json::json;
use wham_api::models::{Turn, TurnStatus};
use wham_api::sse::StreamItem;
use wham_model::live::reducer::LiveTurn;
use wham_model::live::session::{Command, Event, Session, END_CONFIRM_TRIES, END_CONFIRM_WAIT_MS};
use wham_model::live::StreamState;

fn turn(status: TurnStatus) -> Turn {
    Turn { id: "t~a".into(), turn_status: Some(status), ..Default::default() }
}

fn item(id: u64, value: serde_json::Value) -> Event {
    let mut value = value;
    value["id"] = json!(id.to_string());
    Event::Item(Box::new(serde_json::from_value::<StreamItem>(value).unwrap()))
}

fn message(id: u64, text: &str) -> Event {
    item(id, json!({"item_type": "task_turn_event", "payload": {"text": text, "turn_status": "in_progress"}}))
}

fn completed(id: u64) -> Event {
    item(
        id,
        json!({"item_type": "thread_event", "event": {"method": "turn/completed", "params": {"turn": {"status": "completed"}}}}),
    )
}

/// A session and its turn, opened and live.
fn live_session() -> (Session, LiveTurn) {
    let mut live = LiveTurn::new(turn(TurnStatus::Pending));
    let mut session = Session::new(0.0);
    assert_eq!(session.handle(&mut live, Event::Start, 0.0), vec![Command::Open { last_event_id: None }]);
    assert_eq!(session.state, StreamState::Connecting);
    assert!(session.handle(&mut live, Event::Opened, 1.0).is_empty());
    assert_eq!(session.state, StreamState::Live);
    (session, live)
}

fn read(status: TurnStatus) -> Event {
    Event::TurnRead(Ok(Box::new(turn(status))))
}

#[test]
fn items_are_applied_once_a_frame() {
    let (mut session, mut live) = live_session();
    assert_eq!(session.handle(&mut live, message(1, "Reading"), 10.0), vec![Command::ScheduleFlush]);
    // More items before the frame: no second frame asked for, nothing applied yet.
    assert!(session.handle(&mut live, message(2, "Testing"), 20.0).is_empty());
    assert_eq!(live.applied_count, 0);
    assert_eq!(session.last_item_ms, 20.0);
    assert_eq!(session.handle(&mut live, Event::FlushDue, 30.0), vec![Command::Applied { title: None }]);
    assert_eq!(live.applied_count, 2);
    assert_eq!(live.turn.latest_event.as_ref().and_then(|event| event.text.as_deref()), Some("Testing"));
    // A frame with nothing new does nothing; the next item asks for a frame again.
    assert!(session.handle(&mut live, Event::FlushDue, 40.0).is_empty());
    assert_eq!(session.handle(&mut live, message(3, "Again"), 50.0), vec![Command::ScheduleFlush]);
}

#[test]
fn a_broken_stream_resumes_after_its_last_event_with_growing_waits() {
    let (mut session, mut live) = live_session();
    session.handle(&mut live, message(7, "Working"), 0.0);
    // The stream breaks: what arrived is applied, then the server is asked about the turn.
    assert_eq!(
        session.handle(&mut live, Event::StreamEnded, 100.0),
        vec![Command::Applied { title: None }, Command::CloseStream, Command::ReadTurn { after_ms: 0 }]
    );
    // Still running there: wait 1 s, then resume after event 7.
    assert_eq!(
        session.handle(&mut live, read(TurnStatus::InProgress), 200.0),
        vec![Command::RetryAfter { ms: 1000.0 }]
    );
    assert_eq!(session.state, StreamState::Reconnecting { next_try_ms: 1200.0, attempt: 1 });
    assert_eq!(session.state.label(200.0), "Reconnecting in 1 s");
    assert_eq!(session.handle(&mut live, Event::RetryDue, 1200.0), vec![Command::Open { last_event_id: Some(7) }]);
    // It breaks again before opening, and the server cannot be asked: a longer wait.
    session.handle(&mut live, Event::StreamEnded, 1300.0);
    assert_eq!(
        session.handle(&mut live, Event::TurnRead(Err("offline".into())), 1400.0),
        vec![Command::RetryAfter { ms: 2000.0 }]
    );
    session.handle(&mut live, Event::RetryDue, 3400.0);
    // Once open, the wait starts over.
    session.handle(&mut live, Event::Opened, 3500.0);
    assert_eq!(session.state, StreamState::Live);
    session.handle(&mut live, Event::StreamEnded, 3600.0);
    assert_eq!(
        session.handle(&mut live, read(TurnStatus::InProgress), 3700.0),
        vec![Command::RetryAfter { ms: 1000.0 }]
    );
}

#[test]
fn a_stream_that_ends_without_the_end_concludes_when_the_server_says_so() {
    let (mut session, mut live) = live_session();
    session.handle(&mut live, Event::StreamEnded, 0.0);
    let commands = session.handle(&mut live, read(TurnStatus::Cancelled), 10.0);
    assert_eq!(commands, vec![Command::Conclude { fresh: Some(Box::new(turn(TurnStatus::Cancelled))), show: true }]);
    assert_eq!(session.state, StreamState::Ended);
    assert!(session.is_done());
}

#[test]
fn the_end_the_stream_announced_is_confirmed_by_the_server() {
    let (mut session, mut live) = live_session();
    session.handle(&mut live, message(1, "Done soon"), 0.0);
    session.handle(&mut live, completed(2), 0.0);
    assert_eq!(
        session.handle(&mut live, Event::FlushDue, 10.0),
        vec![Command::Applied { title: None }, Command::CloseStream, Command::ReadTurn { after_ms: 0 }]
    );
    assert_eq!(session.state, StreamState::Ended);
    // The service records the end a moment later: ask again, a second apart.
    assert_eq!(
        session.handle(&mut live, read(TurnStatus::InProgress), 20.0),
        vec![Command::ReadTurn { after_ms: END_CONFIRM_WAIT_MS }]
    );
    let commands = session.handle(&mut live, read(TurnStatus::Completed), 1020.0);
    assert_eq!(commands, vec![Command::Conclude { fresh: Some(Box::new(turn(TurnStatus::Completed))), show: true }]);
    // The stream closing after that changes nothing.
    assert!(session.handle(&mut live, Event::StreamEnded, 1100.0).is_empty());
}

#[test]
fn confirming_the_end_gives_up_after_a_few_tries_and_shows_the_server_copy() {
    let (mut session, mut live) = live_session();
    session.handle(&mut live, completed(1), 0.0);
    session.handle(&mut live, Event::FlushDue, 0.0);
    for _ in 0..END_CONFIRM_TRIES {
        assert_eq!(
            session.handle(&mut live, read(TurnStatus::InProgress), 0.0),
            vec![Command::ReadTurn { after_ms: END_CONFIRM_WAIT_MS }]
        );
    }
    let commands = session.handle(&mut live, read(TurnStatus::InProgress), 0.0);
    assert_eq!(commands, vec![Command::Conclude { fresh: Some(Box::new(turn(TurnStatus::InProgress))), show: true }]);
}

#[test]
fn a_turn_that_cannot_be_read_at_the_end_has_the_task_reread() {
    let (mut session, mut live) = live_session();
    session.handle(&mut live, completed(1), 0.0);
    session.handle(&mut live, Event::FlushDue, 0.0);
    let commands = session.handle(&mut live, Event::TurnRead(Err("HTTP 500".into())), 0.0);
    assert_eq!(commands, vec![Command::Conclude { fresh: None, show: false }]);
}

#[test]
fn a_stream_that_cannot_open_fails_for_good() {
    let (mut session, mut live) = live_session();
    assert_eq!(
        session.handle(&mut live, Event::OpenFailed("bad URL".into()), 0.0),
        vec![Command::CloseStream, Command::ReadTurn { after_ms: 0 }]
    );
    assert_eq!(session.state.label(0.0), "Stream failed: bad URL");
    // Showing a running turn again would reopen the stream that failed: the page keeps the
    // failure on screen (no retries).
    let commands = session.handle(&mut live, read(TurnStatus::InProgress), 0.0);
    assert_eq!(commands, vec![Command::Conclude { fresh: Some(Box::new(turn(TurnStatus::InProgress))), show: false }]);
    // Ended meanwhile: the server's copy is shown.
    let (mut session, mut live) = live_session();
    session.handle(&mut live, Event::OpenFailed("bad URL".into()), 0.0);
    let commands = session.handle(&mut live, read(TurnStatus::Completed), 0.0);
    assert_eq!(commands, vec![Command::Conclude { fresh: Some(Box::new(turn(TurnStatus::Completed))), show: true }]);
}

#[test]
fn nothing_happens_after_the_person_left() {
    let (mut session, mut live) = live_session();
    session.handle(&mut live, Event::StreamEnded, 0.0);
    session.handle(&mut live, read(TurnStatus::InProgress), 0.0);
    assert_eq!(session.handle(&mut live, Event::Stop, 0.0), vec![Command::CloseStream]);
    // The retry timer that was already set fires: no stream is opened.
    assert!(session.handle(&mut live, Event::RetryDue, 1000.0).is_empty());
    assert!(session.handle(&mut live, message(1, "late"), 1000.0).is_empty());
    assert!(session.handle(&mut live, read(TurnStatus::Completed), 1000.0).is_empty());
    assert_eq!(live.applied_count, 0);
}

#[test]
fn a_stale_retry_timer_opens_nothing_while_streaming() {
    let (mut session, mut live) = live_session();
    assert!(session.handle(&mut live, Event::RetryDue, 0.0).is_empty());
}

#[test]
fn a_generated_title_goes_to_the_header() {
    let (mut session, mut live) = live_session();
    session.handle(
        &mut live,
        item(1, json!({"item_type": "task_title_generated", "payload": {"title": "Fix it"}})),
        0.0,
    );
    assert_eq!(
        session.handle(&mut live, Event::FlushDue, 0.0),
        vec![Command::Applied { title: Some("Fix it".into()) }]
    );
}
