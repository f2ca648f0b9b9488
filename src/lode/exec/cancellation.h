#pragma once
// Cancellation of running queries (Ctrl-C in Python): a process-wide flag
// that pipelines check before each morsel, so a query stops within one
// morsel of being cancelled and raises CancelledError.

namespace lode::exec {

/// Asks running queries to stop.
void request_cancel();
/// Clears the request (at the start of each query).
void reset_cancel();
/// Throws CancelledError if a cancel was requested.
void check_cancelled();

}  // namespace lode::exec
