import Foundation

extension AnsweringError {
    /// What is wrong with a calibration (`calibration.json`, or parameters given in code).
    public enum CalibrationProblem: CustomStringConvertible, Sendable, Equatable {
        case unreadable
        case notJSONObject
        /// `version` absent or not the one this build reads (`found` as written, or "missing").
        case unsupportedVersion(found: String, supported: Int)
        case notANumberList(key: String)
        case missingKeys
        case unknownFeature(String)
        case lengthsDiffer
        case parameterNotFinite
        case thresholdOutOfRange

        public var description: String {
            switch self {
            case .unreadable: "cannot read the file"
            case .notJSONObject: "not a JSON object"
            case let .unsupportedVersion(found, supported): "calibration version \(found) is not \(supported)"
            case let .notANumberList(key): "no \"\(key)\" list of numbers"
            case .missingKeys: "needs \"features\", \"bias\" and \"not_found_threshold\""
            case let .unknownFeature(name): "unknown feature \(name)"
            case .lengthsDiffer: "features, mean, scale and weights differ in length"
            case .parameterNotFinite: "a parameter is not a finite number (or a scale is not positive)"
            case .thresholdOutOfRange: "not_found_threshold must be in 0...1"
            }
        }
    }
}
