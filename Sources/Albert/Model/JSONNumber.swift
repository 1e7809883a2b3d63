import Foundation

/// Numbers in a model's JSON (config.json, the safetensors header), read strictly.
/// Foundation hands JSON numbers and booleans over as NSNumber, and `is Bool` holds for any
/// 0 or 1, so a boolean is told apart by its Objective-C type code ("c").
enum JSONNumber {
    /// A whole number that fits an Int; nil for booleans, strings, 1.5, 1e30.
    static func integer(_ value: Any?) -> Int? {
        guard let number = real(value) else { return nil }
        return Int(exactly: number)
    }

    /// A finite number; nil for booleans and anything that is not a number.
    static func real(_ value: Any?) -> Double? {
        guard let number = value as? NSNumber, String(cString: number.objCType) != "c", number.doubleValue.isFinite else {
            return nil
        }
        return number.doubleValue
    }
}
