import Synchronization

/// Replayed CMA-ES distributions, kept so that the next suggestion of the same search only replays the
/// generations completed since.
///
/// `CMAESSearch` is stateless: each suggestion rebuilds its distribution by replaying every complete generation
/// of the history, which costs O(i/λ · (λn² + n³)) for trial i and made suggestions grow with the trials. A
/// sequential search asks for the same replay again and again with one more generation at a time, so the memo
/// keeps, per search, the distribution after the generations it last replayed, with those generations' trials
/// and ranked coordinates. A later replay starts from the longest stored state whose initial distribution and
/// space are the same and whose trials are a prefix of the new history (configurations and outcomes bit for
/// bit, or the same storage), maps only the trials after them and replays only the generations after them.
/// `CMAES.update` is deterministic, so a replay from the memo gives exactly the distribution, and thus the
/// suggestion, that a replay from scratch gives: the memo changes the time a suggestion takes, never its
/// result, and a resumed run (empty memo) suggests the same configurations.
///
/// Bounded: at most `capacity` searches (least recently used first out) and `solutionLimit` stored coordinates
/// per search (a longer search is replayed from its last stored state, or from scratch, without being stored).
package final class CMAESReplayMemo: Sendable {
    /// The memo every `CMAESSearch` in the process shares.
    package static let shared = CMAESReplayMemo()

    /// How many searches are remembered.
    package let capacity: Int
    /// The most coordinates one search may store (8 bytes each).
    package let solutionLimit: Int

    private struct Entry {
        var initial: CMAES
        var resampling: CMAESResampling?
        var space: SearchSpace
        /// The trials of `generations`: the first `generations.count · λ` of the history it was made from.
        var observations: [TrialObservation]
        var generations: CMAESGenerations
        var replay: CMAESReplay
        var lastUse: UInt64

        /// Whether this entry's replay is a prefix of replaying `history` in `space` from `initial`.
        func precedes(
            _ history: [TrialObservation], in space: SearchSpace, from initial: CMAES, resampling: CMAESResampling?
        ) -> Bool {
            guard observations.count <= history.count, self.initial.hasSameStart(as: initial), self.space == space
            else { return false }
            switch (self.resampling, resampling) {
            case (nil, nil): break
            case (let mine?, let theirs?) where mine.isSame(as: theirs): break
            default: return false
            }
            return CMAESGenerations.historiesAgree(observations, history, upTo: observations.count)
        }
    }

    private struct Store {
        var entries: [Entry] = []
        var clock: UInt64 = 0
        var hits = 0
    }

    private let store = Mutex(Store())

    package init(capacity: Int = 8, solutionLimit: Int = 1 << 21) {
        self.capacity = max(0, capacity)
        self.solutionLimit = max(0, solutionLimit)
    }

    /// The number of replays that started from a stored state rather than from scratch (for tests).
    package var hits: Int { store.withLock { $0.hits } }

    /// `initial` after every complete generation of `history`: the same value as
    /// `initial.replaying(CMAESGenerations(history:coordinates:populationSize:), resampling:)`.
    ///
    /// - Parameter resampling: for CMA-ES with margin, how the trials were sampled; `nil` for plain CMA-ES.
    /// - Complexity: O(s · h) to find a stored state (s stored searches, h trials compared bit for bit, or by
    ///   identity when they share storage), plus O(n) per trial and O(λn² + n³) per generation not in the memo.
    package func state(
        history: [TrialObservation], coordinates: UnitCoordinates, from initial: CMAES,
        resampling: CMAESResampling? = nil
    ) -> CMAES {
        let space = coordinates.space
        let found: (generations: CMAESGenerations, replay: CMAESReplay)? = store.withLock { store in
            var best: Int?
            for (index, entry) in store.entries.enumerated()
            where entry.observations.count > (best.map { store.entries[$0].observations.count } ?? -1)
                && entry.precedes(history, in: space, from: initial, resampling: resampling)
            {
                best = index
            }
            guard let best else { return nil }
            store.clock += 1
            store.hits += 1
            store.entries[best].lastUse = store.clock
            return (store.entries[best].generations, store.entries[best].replay)
        }
        let generations =
            found.map { CMAESGenerations(extending: $0.generations, history: history, coordinates: coordinates) }
            ?? CMAESGenerations(history: history, coordinates: coordinates, populationSize: initial.populationSize)
        var replay = found?.replay ?? CMAESReplay(initial: initial, resampling: resampling)
        let start = replay.count
        replay.apply(generations, resampling: resampling)
        guard replay.count > start, generations.solutions.count <= solutionLimit, capacity > 0 else {
            return replay.current
        }
        let observations = Array(history.prefix(generations.count * generations.populationSize))
        store.withLock { store in
            store.clock += 1
            // The stored prefixes of this search are superseded by the longer one.
            store.entries.removeAll { $0.precedes(observations, in: space, from: initial, resampling: resampling) }
            if store.entries.count >= capacity,
                let oldest = store.entries.indices.min(by: {
                    store.entries[$0].lastUse < store.entries[$1].lastUse
                })
            {
                store.entries.remove(at: oldest)
            }
            store.entries.append(
                Entry(
                    initial: initial, resampling: resampling, space: space, observations: observations,
                    generations: generations, replay: replay, lastUse: store.clock))
        }
        return replay.current
    }
}

extension CMAES {
    /// The distribution after applying every generation of `generations` to this one, from scratch.
    ///
    /// - Complexity: O(λn² + n³) per generation.
    package func replaying(_ generations: CMAESGenerations, resampling: CMAESResampling? = nil) -> CMAES {
        var replay = CMAESReplay(initial: self, resampling: resampling)
        replay.apply(generations, resampling: resampling)
        return replay.current
    }

    /// Whether `other` is the same initial distribution (dimension, λ, mean, σ and margin, bit for bit, and no
    /// generation applied yet), so that the same generations take both to the same state.
    func hasSameStart(as other: CMAES) -> Bool {
        guard generation == 0, other.generation == 0, dimension == other.dimension,
            populationSize == other.populationSize, sigma.bitPattern == other.sigma.bitPattern,
            mean.elementsEqual(other.mean, by: { $0.bitPattern == $1.bitPattern })
        else { return false }
        switch (margin, other.margin) {
        case (nil, nil): return true
        case (let mine?, let theirs?): return mine.isSame(as: theirs)
        default: return false
        }
    }
}
