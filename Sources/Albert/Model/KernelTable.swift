import CAlbertKernels
import Foundation

/// One instruction set's kernels: the C `albert_kernel_table` (CAlbertKernels/include/
/// albert_kernels.h) with its weight layout and a function per product, attention, softmax,
/// LayerNorm and activation. A model picks one when it loads and keeps it; its Linears pack
/// their weights in that table's layout.
///
/// - `avx512`: AVX-512F/BW/DQ/VL (+ BF16 for bf16, VNNI for int8).
/// - `avxvnni`: the avx2 table with int8 by vpdpbusd on ymm (AVX-VNNI, or AVX-512 VNNI + VL):
///   8-bit activations. The automatic choice on AVX-VNNI CPUs without AVX-512 (Alder Lake+).
/// - `avx2`: AVX2 + FMA (int8 with 7-bit activations and weights, see DESIGN.md).
/// - `neon`: AArch64 Advanced SIMD (+ dotprod for int8).
/// - `reference`: plain C, every precision, any CPU; the oracle the others are tested against.
public struct KernelTable: Sendable, Hashable, CustomStringConvertible {
    public enum Name: String, CaseIterable, Sendable {
        case avx512, avxvnni, avx2, neon, reference

        var id: albert_kernel_id {
            switch self {
            case .avx512: ALBERT_KERNELS_AVX512
            case .avxvnni: ALBERT_KERNELS_AVXVNNI
            case .avx2: ALBERT_KERNELS_AVX2
            case .neon: ALBERT_KERNELS_NEON
            case .reference: ALBERT_KERNELS_REFERENCE
            }
        }
    }

    /// The environment variable that picks the kernels when a caller passes none (tests,
    /// scripts): a name, or `auto`.
    public static let environmentVariable = "ALBERTQA_KERNELS"

    public let name: Name

    /// The table called `name`, or nil where this build has none (neon on x86-64, avx* on ARM).
    public init?(_ name: Name) {
        guard albert_kernel_table_get(name.id) != nil else { return nil }
        self.name = name
    }

    var table: UnsafePointer<albert_kernel_table> { albert_kernel_table_get(name.id)! }

    public var description: String { name.rawValue }

    /// Every table this build has, fastest first (the reference last).
    public static var compiled: [KernelTable] { Name.allCases.compactMap(KernelTable.init) }

    /// Every table this CPU runs.
    public static var available: [KernelTable] { compiled.filter(\.isAvailable) }

    /// The fastest table this CPU runs.
    public static var automatic: KernelTable {
        KernelTable(Name(rawValue: String(cString: albert_kernel_table_auto().pointee.name))!)!
    }

    /// Whether this CPU has what the table needs.
    public var isAvailable: Bool { albert_kernel_table_available(table) != 0 }

    /// What the table needs of the CPU, for messages ("AVX2 and FMA").
    public var requirement: String { String(cString: table.pointee.requirement) }

    /// Output channels per packed panel (the width of the register tile).
    public var panelWidth: Int { Int(table.pointee.panel) }

    /// Whether this CPU runs the table's products in `precision` (fp32 always, where the table runs).
    public func supports(_ precision: Precision) -> Bool { albert_kernel_table_supports(table, precision.kernel) != 0 }

    /// Why `precision` can't run on this table here, for a one-line message.
    public func unavailableReason(_ precision: Precision) -> String {
        guard isAvailable else { return "the \(name) kernels need \(requirement), which this CPU lacks" }
        let needed = withUnsafeBytes(of: table.pointee.precision_required) {
            $0.load(fromByteOffset: Int(precision.kernel.rawValue) * MemoryLayout<UInt32>.stride, as: UInt32.self)
        }
        var names = [CChar](repeating: 0, count: 128)
        albert_cpu_feature_names(needed, &names, names.count)
        return "the \(name) kernels' \(precision) needs \(Self.string(names)), which this CPU lacks"
    }

    /// The precision `--precision auto` picks on this table: int8 where its int8 products run
    /// here (their SQuAD F1 is within 0.1–0.3 of fp32's at well under its latency, README),
    /// else fp32.
    public var preferredPrecision: Precision {
        let preferred = Precision(table.pointee.preferred_precision)
        return supports(preferred) ? preferred : .fp32
    }

    /// `auto` or a table's name. Unknown names, tables this build lacks and tables this CPU
    /// can't run are errors (one line, naming what does run), never a silent fallback: a
    /// benchmark or test that asked for a path must get that path.
    public static func named(_ text: String) throws -> KernelTable {
        if text == "auto" { return .automatic }
        let runnable = available.map(\.name.rawValue).joined(separator: ", ")
        guard let name = Name(rawValue: text) else {
            throw AlbertError("unknown kernels '\(text)': choose auto, \(Name.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let kernels = KernelTable(name) else {
            throw AlbertError("this build has no \(text) kernels (they are for another architecture); this CPU runs \(runnable)")
        }
        guard kernels.isAvailable else {
            throw AlbertError("the \(text) kernels need \(kernels.requirement), which this CPU lacks; it runs \(runnable)")
        }
        return kernels
    }

    /// `$ALBERTQA_KERNELS` when set and not empty, else the automatic choice.
    public static func fromEnvironment() throws -> KernelTable {
        guard let text = ProcessInfo.processInfo.environment[environmentVariable], !text.isEmpty else { return .automatic }
        do { return try named(text) } catch let error as AlbertError {
            throw AlbertError("\(environmentVariable)=\(text): \(error.message)")
        }
    }

    /// The CPU's features as the probe sees them ("avx2 fma avx512f ..."), for reports.
    public static var cpuFeatures: String {
        var names = [CChar](repeating: 0, count: 256)
        albert_cpu_feature_names(albert_cpu_features(), &names, names.count)
        return string(names)
    }

    /// A NUL-terminated C buffer as a String.
    private static func string(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
