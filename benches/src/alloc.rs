//! A counting global allocator: the peak of live heap bytes while a closure runs.
//!
//! Each bench binary installs it with `#[global_allocator]`. Counting is switched on only inside
//! [`peak_during`], so timed runs pay one relaxed load per allocation (locked atomic updates on
//! every allocation cost ~15% of generation time when measured with perf). Everything, `realloc`
//! included, is delegated to [`System`], so growth patterns stay those of the system allocator.
//! It counts bytes as requested (`Layout::size`), not allocator overhead or RSS.
#![allow(unsafe_code)] // `GlobalAlloc` is an unsafe trait; this file is the crate's only unsafe code.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering};

static ON: AtomicBool = AtomicBool::new(false);
// Net bytes allocated since counting was switched on: negative when blocks that were allocated
// before are freed, which is a real drop of the live heap.
static NET: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);

/// The system allocator, counting live bytes and their peak.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counting;

fn grew(by: usize) {
    if ON.load(Ordering::Relaxed) {
        let by = by as isize;
        let now = NET.fetch_add(by, Ordering::Relaxed) + by;
        PEAK.fetch_max(now, Ordering::Relaxed);
    }
}

fn shrank(by: usize) {
    if ON.load(Ordering::Relaxed) {
        NET.fetch_sub(by as isize, Ordering::Relaxed);
    }
}

// SAFETY: every method forwards its arguments unchanged to `System`, which upholds the
// `GlobalAlloc` contract; the bookkeeping only touches atomics and never allocates.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded with the caller's guarantees.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            grew(layout.size());
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded with the caller's guarantees.
        let ptr = unsafe { System.alloc_zeroed(layout) };
        if !ptr.is_null() {
            grew(layout.size());
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.dealloc(ptr, layout) };
        shrank(layout.size());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded with the caller's guarantees.
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            if new_size >= layout.size() {
                grew(new_size - layout.size());
            } else {
                shrank(layout.size() - new_size);
            }
        }
        new
    }
}

/// Heap use of a closure: bytes as requested from the allocator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Usage {
    /// Highest level of live heap bytes above the level at the start.
    pub peak: usize,
    /// Live heap bytes at the end above the level at the start (what the result holds, less
    /// what was freed of older data).
    pub retained: isize,
}

/// Runs `f` with counting on and returns its heap [`Usage`] with its result.
///
/// Only meaningful when [`Counting`] is the global allocator and one measurement runs at a time.
/// Other threads of the process count too, which the client benches want: the server's buffers
/// are prepared before, so what grows meanwhile is the client's.
pub fn peak_during<T>(f: impl FnOnce() -> T) -> (Usage, T) {
    NET.store(0, Ordering::Relaxed);
    PEAK.store(0, Ordering::Relaxed);
    ON.store(true, Ordering::SeqCst);
    let value = f();
    ON.store(false, Ordering::SeqCst);
    let usage = Usage { peak: PEAK.load(Ordering::Relaxed).max(0) as usize, retained: NET.load(Ordering::Relaxed) };
    (usage, value)
}
