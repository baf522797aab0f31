import Dispatch
package import Foundation

/// A named pipe (FIFO) that programs under test write to, so that a test waits for events instead of
/// sleeping: it awaits the lines they write ("started") and the end of the pipe, which comes when every
/// process that opened it has closed it, which for a program that keeps it open means it has exited or
/// been killed.
///
/// The read end is opened when the pipe is made, so writers never block on opening it; reads never block
/// a thread (a dispatch read source wakes the waiting task).
package final class NamedPipe: @unchecked Sendable {
    // Safe: `text`, `ended` and `waiter` are touched only on `queue`.
    package let url: URL
    private let descriptor: Int32
    private let queue = DispatchQueue(label: "hyperplan.tests.named-pipe")
    private let source: any DispatchSourceRead
    private var text = ""
    private var ended = false
    private var waiter: (condition: @Sendable (String) -> Bool, continuation: CheckedContinuation<String, Never>)?

    /// Makes the pipe at `url` and opens its read end.
    package init(at url: URL) throws {
        guard mkfifo(url.path, 0o600) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        self.url = url
        descriptor = open(url.path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw CocoaError(.fileReadUnknown, userInfo: [NSFilePathErrorKey: url.path]) }
        source = DispatchSource.makeReadSource(fileDescriptor: descriptor, queue: queue)
        source.setEventHandler { [unowned self] in drain() }
        source.resume()
    }

    deinit {
        source.cancel()
        close(descriptor)
    }

    /// A write end for a child process's standard stream (`Process.standardError`).
    package func writer() throws -> FileHandle {
        let descriptor = open(url.path, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path]) }
        return FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    }

    /// Waits until what was written so far satisfies `condition`, or the pipe has ended, and returns it.
    package func text(until condition: @escaping @Sendable (String) -> Bool) async -> String {
        await withCheckedContinuation { continuation in
            queue.async { [self] in
                waiter = (condition, continuation)
                drain()
            }
        }
    }

    /// Waits until no process has the pipe open any more, and returns everything written to it.
    package func textAtEnd() async -> String { await text { _ in false } }

    private func drain() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !ended {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                text += String(decoding: buffer[0..<count], as: UTF8.self)
            } else if count == 0, !text.isEmpty {
                // No writer has the pipe open any more (before the first one wrote, this only means that none
                // has opened it yet).
                ended = true
                source.cancel()
            } else {
                break  // Writers are still there (or none has come yet): the source calls again.
            }
        }
        if let (condition, continuation) = waiter, ended || condition(text) {
            waiter = nil
            continuation.resume(returning: text)
        }
    }
}
