import Foundation

/// Turns an answer's features into the probability that it is right: a logistic regression
/// over standardised `AnswerFeatures`, fit by `Scripts/fit-calibration.py` on open-domain runs
/// (answerable and unanswerable questions) and shipped next to the model as `calibration.json`.
/// No Python at run time: this file only reads the numbers.
public struct AnswerCalibration: Sendable, Equatable {
    public static let fileName = "calibration.json"
    public static let supportedVersion = 1

    /// Feature names in the order of the weights: names from `AnswerFeatures.names`, or
    /// products of them written `a*b` (e.g. `is_top*margin`: the margin of the top answer only).
    public var features: [String]
    public var mean: [Double]
    public var scale: [Double]
    public var weights: [Double]
    public var bias: Double
    /// Below this probability the best answer is "not found": the documents don't seem to
    /// answer the question.
    public var notFoundThreshold: Double
    /// Each feature's factors (one for a plain feature).
    private let terms: [[String]]

    public init(features: [String], mean: [Double], scale: [Double], weights: [Double], bias: Double, notFoundThreshold: Double) throws {
        let unknown = features.flatMap { $0.split(separator: "*").map(String.init) }.filter { !AnswerFeatures.names.contains($0) }
        guard unknown.isEmpty else { throw AnsweringError.calibration(nil, .unknownFeature(unknown[0])) }
        guard mean.count == features.count, scale.count == features.count, weights.count == features.count else {
            throw AnsweringError.calibration(nil, .lengthsDiffer)
        }
        guard (mean + scale + weights + [bias, notFoundThreshold]).allSatisfy(\.isFinite), scale.allSatisfy({ $0 > 0 }) else {
            throw AnsweringError.calibration(nil, .parameterNotFinite)
        }
        guard (0...1).contains(notFoundThreshold) else { throw AnsweringError.calibration(nil, .thresholdOutOfRange) }
        self.features = features
        terms = features.map { $0.split(separator: "*").map(String.init) }
        self.mean = mean
        self.scale = scale
        self.weights = weights
        self.bias = bias
        self.notFoundThreshold = notFoundThreshold
    }

    /// Reads `calibration.json`: `{"version": 1, "features": [...], "mean": [...], "scale": [...],
    /// "weights": [...], "bias": b, "not_found_threshold": t, ...}` (other keys describe the fit).
    public init(contentsOf url: URL) throws {
        guard let data = FileManager.default.contents(atPath: url.path) else { throw AnsweringError.calibration(url, .unreadable) }
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw AnsweringError.calibration(url, .notJSONObject)
        }
        guard let version = root["version"] as? Int, version == Self.supportedVersion else {
            throw AnsweringError.calibration(url, .unsupportedVersion(found: "\(root["version"] ?? "missing")", supported: Self.supportedVersion))
        }
        func numbers(_ key: String) throws -> [Double] {
            guard let values = root[key] as? [NSNumber] else { throw AnsweringError.calibration(url, .notANumberList(key: key)) }
            return values.map(\.doubleValue)
        }
        guard let features = root["features"] as? [String], let bias = (root["bias"] as? NSNumber)?.doubleValue,
              let threshold = (root["not_found_threshold"] as? NSNumber)?.doubleValue
        else { throw AnsweringError.calibration(url, .missingKeys) }
        do {
            try self.init(features: features, mean: numbers("mean"), scale: numbers("scale"), weights: numbers("weights"),
                          bias: bias, notFoundThreshold: threshold)
        } catch let AnsweringError.calibration(nil, problem) {
            throw AnsweringError.calibration(url, problem)
        }
    }

    /// The calibration shipped in a model folder, nil when it has none (an error when it has a
    /// broken one: a wrong probability must not pass silently).
    public static func load(modelDirectory: URL) throws -> AnswerCalibration? {
        let url = modelDirectory.appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        return try AnswerCalibration(contentsOf: url)
    }

    public func probability(_ answer: AnswerFeatures) -> Double {
        var z = bias
        for (i, factors) in terms.enumerated() {
            let value = factors.reduce(1.0) { $0 * (answer[$1] ?? 0) }
            z += weights[i] * (value - mean[i]) / scale[i]
        }
        return 1 / (1 + exp(-z))
    }
}
