package import Testing

extension Tag {
    /// A suite whose tests take seconds each in a debug build, not milliseconds: runs of the `hyperplan` binary
    /// with real processes, whole experiments through every stage, reference grid searches and search-quality
    /// sweeps. `swift test --skip` with the suite names (`.ci/run` prints them with `swift test list`) leaves
    /// them out of a quick run; CI runs everything.
    @Tag package static var slow: Self
}
