"""The local runtime: stack wiring, the bucket watcher, the durable event queue and the runner with
FC's async semantics, the FC context for in-process invocations, owner-only files, demo samples."""
