import CAlbertKernels

/// The feed-forward activation named by `hidden_act` in HF's config.
public enum Activation: String, Sendable, CaseIterable {
    case gelu, geluNew, geluFast, relu, silu, quickGelu

    /// The names HF's ACT2FN accepts for these functions.
    public init?(huggingFaceName name: String) {
        switch name {
        case "gelu": self = .gelu
        case "gelu_new", "gelu_pytorch_tanh": self = .geluNew
        case "gelu_fast": self = .geluFast
        case "relu": self = .relu
        case "silu", "swish": self = .silu
        case "quick_gelu": self = .quickGelu
        default: return nil
        }
    }

    static let knownNames = ["gelu", "gelu_new", "gelu_pytorch_tanh", "gelu_fast", "relu", "silu", "swish", "quick_gelu"]

    var kernel: albert_activation {
        switch self {
        case .gelu: ALBERT_ACT_GELU
        case .geluNew: ALBERT_ACT_GELU_NEW
        case .geluFast: ALBERT_ACT_GELU_FAST
        case .relu: ALBERT_ACT_RELU
        case .silu: ALBERT_ACT_SILU
        case .quickGelu: ALBERT_ACT_QUICK_GELU
        }
    }
}
