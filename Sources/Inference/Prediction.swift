import Datasets
package import Foundation
import HyperplanCore
import Learners

/// `hyperplan predict`: a bundle's refitted model applied to the rows of a CSV file.
package enum Prediction {
    /// What to predict and how to write it.
    package struct Request: Sendable {
        /// The bundle folder, and how to name it in messages.
        package var bundle: URL
        package var bundleDisplay: String
        /// The CSV file of rows to predict, as given.
        package var input: String
        /// Where the predictions go; `nil` for standard output. Never inside the bundle.
        package var output: String?
        /// Whether to add a probability column per class (classification only).
        package var probabilities: Bool
        package var unknownCategories: UnknownCategoryPolicy

        package init(
            bundle: URL, bundleDisplay: String, input: String, output: String?, probabilities: Bool,
            unknownCategories: UnknownCategoryPolicy
        ) {
            self.bundle = bundle
            self.bundleDisplay = bundleDisplay
            self.input = input
            self.output = output
            self.probabilities = probabilities
            self.unknownCategories = unknownCategories
        }
    }

    /// The predictions as CSV text, with the warnings and notes met on the way.
    package struct Outcome: Sendable {
        package var csv: [UInt8]
        package var rows: Int
        package var diagnostics: [PredictionDiagnostic]
    }

    /// Reads the bundle's model and the input rows and predicts; writes nothing.
    ///
    /// The file is read in pieces of whole records (`InputChunks`), parsed, laid out and predicted in parallel,
    /// one piece per core at a time, and the output is put together in file order, so memory stays bounded by the
    /// pieces in flight and the predictions, and the result does not depend on the number of cores.
    ///
    /// - Throws: `PredictionError`: cause `.bundle` for a bundle that cannot predict (see `SavedModel`), cause
    ///   `.input` for a usage error (`--proba` with a regression model, an output path inside the bundle) or
    ///   bad input (see `PredictionInput.read`).
    /// - Complexity: O(rows × columns) plus the model's own prediction cost.
    package static func run(_ request: Request) async throws(PredictionError) -> Outcome {
        try await run(request, pieceSize: InputChunks.defaultPieceSize)
    }

    /// `run(_:)` reading pieces of `pieceSize` bytes (small in tests, to exercise many pieces).
    static func run(_ request: Request, pieceSize: Int) async throws(PredictionError) -> Outcome {
        let saved = try SavedModel(bundle: request.bundle, display: request.bundleDisplay)
        if request.probabilities, saved.task != .classification {
            throw PredictionError(
                .input, "usage-proba-regression",
                "'--proba' needs a classifier, but the model is a regression of '\(saved.target)'")
        }
        if let output = request.output, isInside(URL(fileURLWithPath: output), bundle: request.bundle) {
            throw PredictionError(
                .input, "usage-output-in-bundle",
                "the output '\(output)' is inside the bundle; predict never writes into a bundle, choose another path")
        }
        let file = request.input
        var chunks = try InputChunks(path: file, pieceSize: pieceSize)
        guard DatasetLoader.isValidUTF8(chunks.header) else { throw encodingError(file) }
        let headerReader = try ColumnPlan.reader(chunks.header, file: file, lineOffset: 0)
        var plan = try ColumnPlan(
            header: headerReader.header, preprocessing: saved.preprocessing, target: saved.target, file: file)
        plan.headerLineBreaks = headerReader.lineBreaks
        let pieces = try await process(&chunks, plan: plan, saved: saved, policy: request.unknownCategories)

        var problems = InputProblems()
        var lineOffset = 0
        var rows = 0
        for piece in pieces {
            if piece.invalidEncoding { throw encodingError(file) }
            if let failure = piece.failure {
                var location = failure.location
                if let line = location?.line, line > 1 { location?.line = line + lineOffset }
                throw PredictionError(
                    .input, [PredictionDiagnostic(failure.id, .error, failure.message, file: file, at: location)])
            }
            problems.merge(piece.problems, lineOffset: lineOffset)
            lineOffset += piece.lineBreaks
            rows += piece.rows
        }
        guard rows > 0 else { throw ColumnPlan.noRows(file) }
        let (errors, warnings) = problems.diagnostics(
            columns: saved.preprocessing.columns, unknownCategories: request.unknownCategories)
        guard errors.isEmpty else { throw PredictionError(.input, errors + warnings) }
        let predictions = pieces.compactMap(\.predictions)
        if request.probabilities, predictions.contains(where: { if case .classes(_, nil) = $0 { true } else { false } })
        {
            throw PredictionError(
                .input, "usage-proba-unavailable",
                "'--proba' asks for probabilities, but '\(saved.file.type)' gives none")
        }
        var csv = PredictionTable.header(
            truth: false, predictions: predictions.first ?? .values([]), classes: saved.classes,
            probabilities: request.probabilities)
        for lines in await format(predictions, classes: saved.classes, probabilities: request.probabilities) {
            csv.append(contentsOf: lines)
        }
        return Outcome(csv: csv, rows: rows, diagnostics: (plan.ignoredNote.map { [$0] } ?? []) + warnings)
    }

    /// What became of one piece of the input.
    struct Piece: Sendable {
        var rows = 0
        /// Line breaks in the piece's records: how far the next piece's lines are from this one's.
        var lineBreaks = 0
        var invalidEncoding = false
        /// Malformed CSV, with lines numbered within the piece.
        var failure: DatasetError?
        var problems = InputProblems()
        /// `nil` when the piece failed or has errors.
        var predictions: Predictions?
    }

    /// Every piece of `chunks` parsed, laid out and predicted, at most one per core at a time, in file order.
    private static func process(
        _ chunks: inout InputChunks, plan: ColumnPlan, saved: SavedModel, policy: UnknownCategoryPolicy
    ) async throws(PredictionError) -> [Piece] {
        let slots = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let model = saved.model
        var pieces: [Int: Piece] = [:]
        var readFailure: PredictionError?
        // Reading a piece (a copy from the page cache, milliseconds) happens here between the tasks.
        await withTaskGroup(of: (Int, Piece).self) { group in
            var running = 0
            while true {
                let chunk: InputChunks.Chunk?
                do throws(PredictionError) { chunk = try chunks.next() } catch {
                    readFailure = error
                    break
                }
                guard let chunk else { break }
                if running == slots, let (index, piece) = await group.next() {
                    pieces[index] = piece
                    running -= 1
                }
                group.addTask { (chunk.index, Self.piece(chunk, plan: plan, model: model, policy: policy)) }
                running += 1
            }
            for await (index, piece) in group { pieces[index] = piece }
        }
        if let readFailure { throw readFailure }
        return (0..<pieces.count).compactMap { pieces[$0] }
    }

    /// One piece parsed, laid out and, when it has no errors, predicted.
    static func piece(
        _ chunk: InputChunks.Chunk, plan: ColumnPlan, model: any FittedModel, policy: UnknownCategoryPolicy
    ) -> Piece {
        var piece = Piece()
        if let plain = PlainNumericRows.transform(chunk, plan: plan, columns: plan.inputColumns),
            DatasetLoader.isValidUTF8(Array(chunk.bytes[..<chunk.bodyStart]))
        {
            // Plain numbers only: read in one pass; a piece with anything else takes the general path below.
            piece.rows = plain.rows
            piece.lineBreaks = plain.lineBreaks
            piece.predictions = model.predict(plain.features)
            return piece
        }
        guard DatasetLoader.isValidUTF8(chunk.bytes) else {
            piece.invalidEncoding = true
            return piece
        }
        let reader: CSVReader
        do throws(DatasetError) {
            reader = try CSVReader(bytes: chunk.bytes, file: plan.file)
        } catch {
            piece.failure = error
            return piece
        }
        piece.rows = reader.rowCount
        piece.lineBreaks = reader.lineBreaks - plan.headerLineBreaks
        let features = plan.transform(reader, problems: &piece.problems)
        if piece.problems.hasErrors(policy: policy) { return piece }
        piece.predictions = model.predict(features)
        return piece
    }

    /// The output lines of each piece's predictions, numbered on from the pieces before, formatted in parallel.
    private static func format(_ predictions: [Predictions], classes: [String], probabilities: Bool) async
        -> [[UInt8]]
    {
        var firstRows: [Int] = []
        var next = 0
        for piece in predictions {
            firstRows.append(next)
            next += piece.count
        }
        var lines = [[UInt8]](repeating: [], count: predictions.count)
        await withTaskGroup(of: (Int, [UInt8]).self) { group in
            for (index, piece) in predictions.enumerated() {
                let firstRow = firstRows[index]
                group.addTask {
                    (
                        index,
                        PredictionTable.lines(
                            firstRow: firstRow, predictions: piece, classes: classes, probabilities: probabilities)
                    )
                }
            }
            for await (index, text) in group { lines[index] = text }
        }
        return lines
    }

    static func encodingError(_ file: String) -> PredictionError {
        PredictionError(.input, "input-encoding", "the input file is not valid UTF-8", file: file)
    }

    /// Writes `bytes` to `path` as a whole: a temporary file in the same folder renamed into place, so a failed
    /// or interrupted write leaves no partial file.
    ///
    /// - Throws: `PredictionError` (cause `.input`) when the folder does not exist or cannot be written.
    package static func write(_ bytes: [UInt8], to path: String) throws(PredictionError) {
        do {
            try AtomicWrite.write(bytes, to: URL(fileURLWithPath: path))
        } catch {
            throw PredictionError(.input, "output-unwritable", "cannot write the output '\(path)': \(error.reason)")
        }
    }

    /// Whether `url` (a file to be written) lies inside the folder `bundle`, symbolic links resolved.
    static func isInside(_ url: URL, bundle: URL) -> Bool {
        let folder = bundle.resolvingSymlinksInPath().standardizedFileURL.path
        let parent = url.deletingLastPathComponent().resolvingSymlinksInPath().standardizedFileURL.path
        return parent == folder || parent.hasPrefix(folder + "/")
    }
}
