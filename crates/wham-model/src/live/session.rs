//! The live session of one running turn, as a state machine. The browser side feeds it
//! [`Event`]s (the stream opened, an item arrived, a frame is due, the stream ended, a read of
//! the turn came back, a retry timer fired) and carries out the [`Command`]s it returns (open
//! or close the stream, schedule a frame, read the turn, wait, show the result). It holds no
//! browser handle and no timer, so every path (resume, backoff, the end confirmed by the
//! server, a failure) is tested natively, event by event.
//!
//! The rules it keeps:
//! * Items are applied at most once per frame, each once (the [`LiveTurn`] reducer dedupes).
//! * A stream that ends without saying the turn ended (the real service does that on cancel)
//!   is checked against the server: ended there, the session concludes; else it reconnects
//!   after a growing wait, resuming after the last event.
//! * A stream that said the turn ended is confirmed by reading the turn, a few times a second
//!   apart, since the service may record the end a moment later; then the server's copy is
//!   shown.
//! * A stream that cannot open fails for good: showing the turn as running again would only
//!   reopen it.

use super::reducer::LiveTurn;
use super::{backoff_ms, StreamState};
use wham_api::models::Turn;
use wham_api::sse::StreamItem;

/// How many times (a second apart) the session asks whether a turn the stream said ended has
/// ended on the server too, before showing what the server holds anyway.
pub const END_CONFIRM_TRIES: u32 = 5;

/// The wait between those reads.
pub const END_CONFIRM_WAIT_MS: u32 = 1000;

/// What happened.
#[derive(Debug, Clone)]
pub enum Event {
    /// Begin: open the stream.
    Start,
    /// The stream is open.
    Opened,
    /// A stream item arrived.
    Item(Box<StreamItem>),
    /// The frame (or, in a hidden tab, the timer) scheduled by [`Command::ScheduleFlush`] is due.
    FlushDue,
    /// The stream ended or broke.
    StreamEnded,
    /// The stream could not be opened at all.
    OpenFailed(String),
    /// A read of the turn asked for by [`Command::ReadTurn`] came back.
    TurnRead(Result<Box<Turn>, String>),
    /// The wait of [`Command::RetryAfter`] is over.
    RetryDue,
    /// The person left the page.
    Stop,
}

/// What the browser side must do.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Open the stream, resuming after this event id when there is one.
    Open { last_event_id: Option<u64> },
    /// Close the stream (no-op when none is open).
    CloseStream,
    /// Send [`Event::FlushDue`] at the next frame (and after a second, for a hidden tab).
    ScheduleFlush,
    /// The live turn changed: repaint it; a title the agent generated goes to the header.
    Applied { title: Option<String> },
    /// Read the turn after `after_ms`, and send [`Event::TurnRead`].
    ReadTurn { after_ms: u32 },
    /// Send [`Event::RetryDue`] after `ms`.
    RetryAfter { ms: f64 },
    /// The session is over. `fresh` is the server's copy of the turn (`None` when it could not
    /// be read: re-read the task); `show` says whether to show it (a failed stream keeps
    /// saying so rather than showing a running turn that would reopen it).
    Conclude { fresh: Option<Box<Turn>>, show: bool },
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Phase {
    /// A stream is open or opening.
    Streaming,
    /// The stream ended without the turn's end: asking the server.
    CheckingEnd,
    /// Waiting to reconnect.
    WaitingRetry,
    /// The stream said the turn ended (or failed): reading the server's copy.
    Confirming { tries: u32, failed: bool },
    /// Nothing more to do.
    Done,
}

/// One turn's live session.
#[derive(Debug)]
pub struct Session {
    phase: Phase,
    /// Reconnect attempts since the stream was last open.
    attempt: u32,
    /// Items received and not yet applied.
    pending: Vec<StreamItem>,
    flush_scheduled: bool,
    /// How the stream is doing, for the person.
    pub state: StreamState,
    /// When the last item arrived (ms since the epoch), to notice a stalled agent.
    pub last_item_ms: f64,
}

impl Session {
    pub fn new(now_ms: f64) -> Self {
        Session {
            phase: Phase::Streaming,
            attempt: 0,
            pending: Vec::new(),
            flush_scheduled: false,
            state: StreamState::Connecting,
            last_item_ms: now_ms,
        }
    }

    /// Whether the session has concluded (or was stopped).
    pub fn is_done(&self) -> bool {
        self.phase == Phase::Done
    }

    /// Handles one event against the turn it builds; returns what to do, in order.
    pub fn handle(&mut self, live: &mut LiveTurn, event: Event, now_ms: f64) -> Vec<Command> {
        if self.phase == Phase::Done {
            return Vec::new();
        }
        match event {
            Event::Start => {
                self.phase = Phase::Streaming;
                live.begin_connection();
                vec![Command::Open { last_event_id: live.last_id }]
            }
            Event::Opened => {
                if self.phase == Phase::Streaming {
                    self.attempt = 0;
                    self.state = StreamState::Live;
                }
                Vec::new()
            }
            Event::Item(item) => {
                self.pending.push(*item);
                self.last_item_ms = now_ms;
                if self.flush_scheduled {
                    Vec::new()
                } else {
                    self.flush_scheduled = true;
                    vec![Command::ScheduleFlush]
                }
            }
            Event::FlushDue => {
                self.flush_scheduled = false;
                self.flush(live)
            }
            Event::StreamEnded => {
                // What the connection delivered is applied first: it may hold the end.
                let mut commands = self.flush(live);
                if self.phase == Phase::Streaming {
                    self.phase = Phase::CheckingEnd;
                    commands.extend([Command::CloseStream, Command::ReadTurn { after_ms: 0 }]);
                }
                commands
            }
            Event::OpenFailed(reason) => self.finish(StreamState::Failed(reason)),
            Event::TurnRead(read) => self.turn_read(read, now_ms),
            Event::RetryDue => {
                if self.phase != Phase::WaitingRetry {
                    return Vec::new();
                }
                self.phase = Phase::Streaming;
                live.begin_connection();
                vec![Command::Open { last_event_id: live.last_id }]
            }
            Event::Stop => {
                self.phase = Phase::Done;
                vec![Command::CloseStream]
            }
        }
    }

    /// Applies what arrived since the last frame, in one update.
    fn flush(&mut self, live: &mut LiveTurn) -> Vec<Command> {
        if self.pending.is_empty() {
            return Vec::new();
        }
        for item in std::mem::take(&mut self.pending) {
            live.apply(&item);
        }
        let mut commands = vec![Command::Applied { title: live.title.clone() }];
        if live.finished() && self.phase == Phase::Streaming {
            commands.extend(self.finish(StreamState::Ended));
        }
        commands
    }

    /// The stream is over (it said so, or it failed): close it and read the server's copy.
    fn finish(&mut self, state: StreamState) -> Vec<Command> {
        let failed = matches!(state, StreamState::Failed(_));
        self.state = state;
        self.phase = Phase::Confirming { tries: 0, failed };
        vec![Command::CloseStream, Command::ReadTurn { after_ms: 0 }]
    }

    fn turn_read(&mut self, read: Result<Box<Turn>, String>, now_ms: f64) -> Vec<Command> {
        match self.phase {
            Phase::CheckingEnd => match read {
                Ok(turn) if !turn.status().is_active() => {
                    self.state = StreamState::Ended;
                    self.conclude(Ok(turn), false)
                }
                // Still running on the server (or it could not be asked): reconnect.
                _ => {
                    self.attempt += 1;
                    let wait = backoff_ms(self.attempt);
                    self.state = StreamState::Reconnecting { next_try_ms: now_ms + wait, attempt: self.attempt };
                    self.phase = Phase::WaitingRetry;
                    vec![Command::RetryAfter { ms: wait }]
                }
            },
            Phase::Confirming { tries, failed } => match read {
                Ok(turn) if !failed && tries < END_CONFIRM_TRIES && turn.status().is_active() => {
                    self.phase = Phase::Confirming { tries: tries + 1, failed };
                    vec![Command::ReadTurn { after_ms: END_CONFIRM_WAIT_MS }]
                }
                read => self.conclude(read, failed),
            },
            _ => Vec::new(),
        }
    }

    fn conclude(&mut self, read: Result<Box<Turn>, String>, failed: bool) -> Vec<Command> {
        self.phase = Phase::Done;
        match read {
            Ok(turn) => {
                let show = !(failed && turn.status().is_active());
                vec![Command::Conclude { fresh: Some(turn), show }]
            }
            Err(_) => vec![Command::Conclude { fresh: None, show: false }],
        }
    }
}
