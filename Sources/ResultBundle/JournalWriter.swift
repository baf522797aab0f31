import Executor
package import Foundation
package import HyperplanCore
package import Planner
import Search

/// Appends node records to the journal with group commit: records that finish while a write is in flight
/// are written together and made durable by one `fsync`, so durability costs one disk flush per batch rather
/// than per node.
///
/// Appending never blocks the scheduler, and `close()` awaits the last commit without holding a thread: a
/// dedicated thread does the writing and resumes the waiting task, so `fsync` never ties up a thread of Swift's
/// cooperative pool. `flush()` blocks, for the one caller that is not on the pool (the second Ctrl-C, on the
/// signal queue, just before the process exits).
package final class JournalWriter: NodeRecorder, @unchecked Sendable {
    // Safe: every mutable property is guarded by `condition`; the file descriptor is used by the writer
    // thread only, and by `close()` after that thread has finished.
    private let condition = NSCondition()
    private var pending: [String] = []
    private var appended = 0
    private var committed = 0
    private var closing = false
    private var failure: String?
    private let descriptor: Int32
    private var thread: Thread?
    /// Tasks awaiting `close()`: resumed by the writer thread once it has written everything and stopped.
    private var closeWaiters: [CheckedContinuation<Void, Never>] = []
    private var descriptorClosed = false
    /// The journal format records are written in.
    private let format: Int

    /// Opens `url` for appending, first truncating any torn tail past `intactLength` and writing a header
    /// when the file is new. Records are written in the journal's `format` (a format-1 journal from an
    /// earlier version goes on without checksums; `hyperplan repair` converts it). A link is refused, not
    /// followed.
    ///
    /// - Throws: `BundleError` when the file cannot be opened or written.
    package init(url: URL, intactLength: Int, experiment: ContentHash, format: Int = Journal.formatVersion)
        throws(BundleError)
    {
        let fd = try BundleFile.open(url, flags: O_WRONLY | O_CREAT, what: "the journal")
        descriptor = fd
        self.format = intactLength == 0 ? Journal.formatVersion : format
        guard ftruncate(fd, off_t(intactLength)) == 0, lseek(fd, 0, SEEK_END) >= 0 else {
            let reason = SystemReason.current
            Foundation.close(fd)
            throw BundleError("cannot prepare the journal '\(url.path)': \(reason)")
        }
        if intactLength == 0 {
            guard JournalWriter.writeAll(Journal.header(experiment: experiment), to: fd), fsync(fd) == 0 else {
                let reason = SystemReason.current
                Foundation.close(fd)
                throw BundleError("cannot write the journal '\(url.path)': \(reason)")
            }
            AtomicWrite.syncDirectory(of: url)
        }
        let thread = Thread { [unowned self] in self.writeLoop() }
        thread.name = "hyperplan-journal"
        self.thread = thread
        thread.start()
    }

    /// Queues a node's record; it becomes durable with the next group commit.
    package func record(_ node: PlanNode, output: JSONValue) {
        let line = Journal.line(
            id: node.id, kind: node.task.kind, label: node.task.label, output: output, format: format)
        condition.lock()
        pending.append(line)
        appended += 1
        condition.signal()
        condition.unlock()
    }

    /// Blocks until every record appended so far is on disk. Not for a task on the cooperative pool (it waits
    /// for `fsync`): its caller is the signal queue's abort path.
    ///
    /// - Throws: `BundleError` when a write or `fsync` failed.
    package func flush() throws(BundleError) {
        condition.lock()
        let target = appended
        // Blocking is intended: the only caller is the second Ctrl-C's handler on a dispatch queue, never a
        // task of the cooperative pool, and the process exits right after.
        while committed < target, failure == nil { condition.wait() }
        let failed = failure
        condition.unlock()
        if let failed { throw BundleError(failed) }
    }

    /// Writes every record appended so far, makes it durable and stops the writer thread, without blocking the
    /// calling task's thread; the writer cannot be used afterwards.
    ///
    /// - Throws: `BundleError` when a write or `fsync` failed.
    package func close() async throws(BundleError) {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            condition.lock()
            if thread == nil {
                condition.unlock()
                continuation.resume()
                return
            }
            closeWaiters.append(continuation)
            closing = true
            condition.signal()
            condition.unlock()
        }
        if let failed = closeDescriptor() { throw BundleError(failed) }
    }

    /// Closes the file once the writer thread has stopped; the failure of a write or `fsync`, if there was one.
    private func closeDescriptor() -> String? {
        condition.lock()
        let failed = failure
        // A second close (after a failed first one) must not close a descriptor number reused since.
        let open = !descriptorClosed
        descriptorClosed = true
        condition.unlock()
        if open { Foundation.close(descriptor) }
        return failed
    }

    private func writeLoop() {
        condition.lock()
        while true {
            // This thread is the journal's own `Thread`, never one of the cooperative pool's: it sleeps here until
            // there is work, so no task waits for `fsync`.
            while pending.isEmpty, !closing { condition.wait() }
            if pending.isEmpty, closing { break }
            let batch = pending
            pending.removeAll(keepingCapacity: true)
            condition.unlock()
            let ok = JournalWriter.writeAll(batch.joined(), to: descriptor) && fsync(descriptor) == 0
            condition.lock()
            if ok {
                committed += batch.count
            } else if failure == nil {
                failure = "cannot write the journal: \(SystemReason.current)"
            }
            condition.broadcast()
        }
        thread = nil
        let waiters = closeWaiters
        closeWaiters.removeAll()
        condition.broadcast()
        condition.unlock()
        for waiter in waiters { waiter.resume() }
    }

    private static func writeAll(_ text: String, to fd: Int32) -> Bool {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { buffer in
                Foundation.write(fd, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }
}
