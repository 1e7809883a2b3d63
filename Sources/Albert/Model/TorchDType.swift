/// The element type of a PyTorch storage, named by its legacy storage class
/// (`torch.FloatStorage`, …) in a checkpoint's pickle; `safetensorsName` is what
/// `CheckpointTensors` calls it. Only F32, F16 and BF16 load into layers; the others (an old
/// checkpoint's int64 `position_ids` buffer) are listed so that a checkpoint holding them opens.
enum TorchDType: String, Equatable, Sendable {
    case float32 = "F32", float16 = "F16", bfloat16 = "BF16", float64 = "F64"
    case int64 = "I64", int32 = "I32", int16 = "I16", int8 = "I8", uint8 = "U8", bool = "BOOL"

    init?(storageName: String) {
        switch storageName {
        case "FloatStorage": self = .float32
        case "HalfStorage": self = .float16
        case "BFloat16Storage": self = .bfloat16
        case "DoubleStorage": self = .float64
        case "LongStorage": self = .int64
        case "IntStorage": self = .int32
        case "ShortStorage": self = .int16
        case "CharStorage": self = .int8
        case "ByteStorage": self = .uint8
        case "BoolStorage": self = .bool
        default: return nil
        }
    }

    var safetensorsName: String { rawValue }

    var elementBytes: Int {
        switch self {
        case .float64, .int64: 8
        case .float32, .int32: 4
        case .float16, .bfloat16, .int16: 2
        case .int8, .uint8, .bool: 1
        }
    }
}
