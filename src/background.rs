//! Work nothing waits for, moved off the main path.

/// Drops `value`, the analysis of a document `len` bytes long: on a thread of its own when
/// the document is large (nothing waits for the memory), here otherwise or when no thread
/// can be started. A one-shot command may exit before the thread is done; the memory goes
/// back to the system either way.
pub fn drop_analysis<T: Send + 'static>(value: T, len: usize) {
    // Their many small allocations take milliseconds to free.
    if len >= crate::analysis::LARGE_DOCUMENT {
        // A failed spawn drops the closure, and `value` with it, right here.
        let _ = std::thread::Builder::new().name("stackls-drop".into()).spawn(move || drop(value));
    }
}
