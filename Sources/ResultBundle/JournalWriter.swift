import Executor
package import Foundation
package import HyperplanCore
package import Planner
import Search

/// Appends node records to the journal with group commit: records that finish while a write is in flight
/// are written together and made durable by one `fsync`, so durability costs one disk flush per batch rather
/// than per node.
///
/// Appending never blocks the scheduler; `flush()` blocks until everything appended is on disk. A dedicated
/// thread does the writing, so `fsync` never ties up a thread of Swift's cooperative pool.
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

    /// Opens `url` for appending, first truncating any torn tail past `intactLength` and writing a header
    /// when the file is new.
    ///
    /// - Throws: `BundleError` when the file cannot be opened or written.
    package init(url: URL, intactLength: Int, experiment: ContentHash) throws(BundleError) {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw BundleError("cannot open the journal '\(url.path)': \(SystemReason.current)")
        }
        descriptor = fd
        guard ftruncate(fd, off_t(intactLength)) == 0, lseek(fd, 0, SEEK_END) >= 0 else {
            Foundation.close(fd)
            throw BundleError("cannot prepare the journal '\(url.path)': \(SystemReason.current)")
        }
        if intactLength == 0 {
            guard JournalWriter.writeAll(Journal.header(experiment: experiment), to: fd), fsync(fd) == 0 else {
                Foundation.close(fd)
                throw BundleError("cannot write the journal '\(url.path)': \(SystemReason.current)")
            }
            JournalWriter.syncDirectory(of: url)
        }
        let thread = Thread { [unowned self] in self.writeLoop() }
        thread.name = "hyperplan-journal"
        self.thread = thread
        thread.start()
    }

    /// Queues a node's record; it becomes durable with the next group commit.
    package func record(_ node: PlanNode, output: JSONValue) {
        let line = Journal.line(id: node.id, kind: node.task.kind, label: node.task.label, output: output)
        condition.lock()
        pending.append(line)
        appended += 1
        condition.signal()
        condition.unlock()
    }

    /// Blocks until every record appended so far is on disk.
    ///
    /// - Throws: `BundleError` when a write or `fsync` failed.
    package func flush() throws(BundleError) {
        condition.lock()
        let target = appended
        while committed < target, failure == nil { condition.wait() }
        let failed = failure
        condition.unlock()
        if let failed { throw BundleError(failed) }
    }

    /// Flushes and stops the writer thread; the writer cannot be used afterwards.
    package func close() throws(BundleError) {
        try flush()
        condition.lock()
        closing = true
        condition.signal()
        while thread != nil { condition.wait() }
        condition.unlock()
        Foundation.close(descriptor)
    }

    private func writeLoop() {
        condition.lock()
        while true {
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
        condition.broadcast()
        condition.unlock()
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

    /// Makes a new file's directory entry durable.
    static func syncDirectory(of url: URL) {
        let fd = open(url.deletingLastPathComponent().path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        Foundation.close(fd)
    }
}
