import Dispatch
import Executor
import Foundation

/// Turns SIGINT and SIGTERM into a graceful stop: the first asks the run to start nothing new and finish
/// what is running; the second makes the journal durable and exits at once (finished work is kept, running
/// fits are abandoned). Exit status 130 either way.
final class InterruptWatcher {
    private let sources: [any DispatchSourceSignal]
    let stop: StopRequest

    init(stop: StopRequest, flush: @escaping @Sendable () -> Void, resumeCommand: String) {
        self.stop = stop
        let queue = DispatchQueue(label: "hyperplan.signals")
        var sources: [any DispatchSourceSignal] = []
        // Signals seen; touched only on `queue`, which handles them one at a time.
        nonisolated(unsafe) var signalsSeen = 0
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler {
                signalsSeen += 1
                if signalsSeen == 1 {
                    stop.request(
                        signalNumber == SIGINT ? "interrupted (Ctrl-C)" : "terminated (SIGTERM)", kind: .interrupted)
                    Terminal.standardError.write(
                        "\nstopping: no new trials start; running ones finish (press Ctrl-C again to abort them)\n")
                } else {
                    // Trial commands run in their own process groups: end them, or they outlive the run.
                    TrialCommands.killAll()
                    flush()
                    Terminal.standardError.write(
                        "\naborted: finished work is in the journal; resume with: \(resumeCommand)\n")
                    exit(ExitStatus.interrupted)
                }
            }
            source.resume()
            sources.append(source)
        }
        self.sources = sources
    }

    /// Restores the default signal behaviour.
    func cancel() {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
