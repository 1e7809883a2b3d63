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
/// The tables, their names and the order of the automatic choice are the C dispatch's
/// (`declared` in CAlbertKernels/dispatch.c): this type reads them, so a new table is a change
/// to its folder, the dispatch and the kernel test only.
public struct KernelTable: Sendable, Hashable, CustomStringConvertible {
    /// The environment variable that picks the kernels when a caller passes none (tests,
    /// scripts): a name, or `auto`.
    public static let environmentVariable = "ALBERTQA_KERNELS"

    /// The table's name ("avx2"), as the dispatch declares it.
    public let name: String

    /// The dispatch's id, as a number (the C enum is not Sendable).
    private let id: UInt32

    /// The table called `name`, or nil where this build has none (neon on x86-64, avx* on
    /// ARM) or the dispatch declares no such table.
    public init?(named name: String) {
        guard let table = albert_kernel_table_named(name) else { return nil }
        self.init(table)
    }

    private init(_ table: UnsafePointer<albert_kernel_table>) {
        name = String(cString: table.pointee.name)
        id = table.pointee.id.rawValue
    }

    var table: UnsafePointer<albert_kernel_table> { albert_kernel_table_get(albert_kernel_id(rawValue: id))! }

    public var description: String { name }

    /// The ids the dispatch declares, fastest first (the reference last).
    private static var declaredIDs: [albert_kernel_id] {
        (0..<Int32(ALBERT_KERNELS_COUNT)).map { albert_kernel_id_ranked($0) }
    }

    /// The name of every table the dispatch declares, fastest first, whether or not this build
    /// compiled it (completions made on x86-64 still offer `neon`).
    public static var allNames: [String] { declaredIDs.compactMap { albert_kernel_name($0).map { String(cString: $0) } } }

    /// Every table this build has, fastest first (the reference last).
    public static var compiled: [KernelTable] { declaredIDs.compactMap { albert_kernel_table_get($0).map(KernelTable.init) } }

    /// Every table this CPU runs.
    public static var available: [KernelTable] { compiled.filter(\.isAvailable) }

    /// The fastest table this CPU runs (the dispatch's choice).
    public static var automatic: KernelTable { KernelTable(albert_kernel_table_auto()) }

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
        let runnable = available.map(\.name)
        guard allNames.contains(text) else {
            throw AlbertError.unknownKernels(text, known: allNames)
        }
        guard let kernels = KernelTable(named: text) else {
            throw AlbertError.kernelsNotBuilt(text, runnable: runnable)
        }
        guard kernels.isAvailable else {
            throw AlbertError.kernelsNeedFeatures(text, requirement: kernels.requirement, runnable: runnable)
        }
        return kernels
    }

    /// `$ALBERTQA_KERNELS` when set and not empty, else the automatic choice.
    public static func fromEnvironment() throws -> KernelTable {
        guard let text = ProcessInfo.processInfo.environment[environmentVariable], !text.isEmpty else { return .automatic }
        do { return try named(text) } catch let error as AlbertError {
            throw AlbertError.environment(variable: environmentVariable, value: text, error)
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
