/// A Compound File Binary (OLE2) container — the file system inside legacy Office files
/// (.doc, .xls, .ppt) — read from its bytes for one purpose: a stream's content by name.
///
/// Untrusted input: every sector number is checked against the file, every chain is followed
/// at most as many steps as the file has sectors (a cycle ends there), a stream is never longer
/// than its chain, and nothing is allocated beyond the file's own size.
struct CompoundFile {
    enum Failure: Error, Equatable {
        case notCompoundFile
        case damaged(String)
    }

    private let bytes: [UInt8]
    private let sectorShift: Int
    private let miniSectorShift: Int
    private let miniStreamCutoff: Int
    private let fat: [UInt32]
    private let miniFAT: [UInt32]
    private let entries: [Entry]
    /// The root entry's stream: the mini sectors of the small streams.
    private let miniStream: [UInt8]

    struct Entry: Equatable {
        var name: String
        /// 1 storage, 2 stream, 5 root.
        var type: UInt8
        var start: UInt32
        var size: Int
    }

    static let signature: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
    static let endOfChain: UInt32 = 0xFFFF_FFFE
    static let freeSector: UInt32 = 0xFFFF_FFFF
    /// Directory entries read at most (a folder of Office files has a few dozen each).
    static let maxEntries = 65_536

    init(_ bytes: [UInt8]) throws(Failure) {
        guard bytes.count >= 512, Array(bytes[0..<8]) == Self.signature else { throw .notCompoundFile }
        self.bytes = bytes
        let shift = Int(Self.u16(bytes, 0x1E)), miniShift = Int(Self.u16(bytes, 0x20))
        guard shift == 9 || shift == 12 else { throw .damaged("sector size 2^\(shift)") }
        guard miniShift == 6 else { throw .damaged("mini sector size 2^\(miniShift)") }
        sectorShift = shift
        miniSectorShift = miniShift
        miniStreamCutoff = Int(Self.u32(bytes, 0x38))
        let sectorSize = 1 << shift
        let sectorCount = max(0, bytes.count / sectorSize - 1)

        // The FAT's sectors: 109 listed in the header, the rest in the DIFAT chain.
        var fatSectors: [UInt32] = []
        for k in 0..<109 {
            let sector = Self.u32(bytes, 0x4C + 4 * k)
            if sector < UInt32(sectorCount) { fatSectors.append(sector) }
        }
        var difat = Self.u32(bytes, 0x44)
        var steps = 0
        let perSector = sectorSize / 4
        while difat < UInt32(sectorCount), steps < sectorCount {
            let base = (Int(difat) + 1) << shift
            for k in 0..<(perSector - 1) {
                let sector = Self.u32(bytes, base + 4 * k)
                if sector < UInt32(sectorCount) { fatSectors.append(sector) }
            }
            difat = Self.u32(bytes, base + 4 * (perSector - 1))
            steps += 1
        }
        var fat: [UInt32] = []
        fat.reserveCapacity(min(fatSectors.count, sectorCount) * perSector)
        for sector in fatSectors.prefix(sectorCount) {
            let base = (Int(sector) + 1) << shift
            for k in 0..<perSector { fat.append(Self.u32(bytes, base + 4 * k)) }
        }
        self.fat = fat

        let directory = try Self.chain(from: Self.u32(bytes, 0x30), fat: fat, sectorCount: sectorCount)
        var entries: [Entry] = []
        for sector in directory {
            let base = (Int(sector) + 1) << shift
            for k in 0..<(sectorSize / 128) where entries.count < Self.maxEntries {
                entries.append(Self.entry(bytes, at: base + 128 * k))
            }
        }
        guard let root = entries.first, root.type == 5 else { throw .damaged("no root entry") }
        self.entries = entries

        let miniFATSectors = try Self.chain(from: Self.u32(bytes, 0x3C), fat: fat, sectorCount: sectorCount)
        var miniFAT: [UInt32] = []
        for sector in miniFATSectors {
            let base = (Int(sector) + 1) << shift
            for k in 0..<perSector { miniFAT.append(Self.u32(bytes, base + 4 * k)) }
        }
        self.miniFAT = miniFAT
        miniStream = try Self.read(chain: Self.chain(from: root.start, fat: fat, sectorCount: sectorCount), size: root.size,
                                   from: bytes, shift: shift)
    }

    /// The stream named `name` (as Office names it: "PowerPoint Document", "WordDocument"),
    /// nil when there is none.
    func stream(named name: String) throws(Failure) -> [UInt8]? {
        guard let entry = entries.first(where: { $0.type == 2 && $0.name == name }) else { return nil }
        let sectorCount = max(0, bytes.count / (1 << sectorShift) - 1)
        if entry.size < miniStreamCutoff {
            let miniCount = miniStream.count >> miniSectorShift
            let chain = try Self.chain(from: entry.start, fat: miniFAT, sectorCount: miniCount)
            return Self.read(chain: chain, size: entry.size, from: miniStream, shift: miniSectorShift, offsetBySector: false)
        }
        return try Self.read(chain: Self.chain(from: entry.start, fat: fat, sectorCount: sectorCount), size: entry.size,
                             from: bytes, shift: sectorShift)
    }

    /// The sectors of a chain, in order; at most `sectorCount` (a longer chain loops).
    static func chain(from start: UInt32, fat: [UInt32], sectorCount: Int) throws(Failure) -> [UInt32] {
        var sectors: [UInt32] = []
        var sector = start
        while sector != endOfChain, sector != freeSector {
            guard sector < UInt32(sectorCount), Int(sector) < fat.count else { throw .damaged("sector \(sector) outside the file") }
            guard sectors.count < sectorCount else { throw .damaged("a sector chain loops") }
            sectors.append(sector)
            sector = fat[Int(sector)]
        }
        return sectors
    }

    /// A chain's bytes, cut at `size` (never longer than the chain).
    static func read(chain: [UInt32], size: Int, from bytes: [UInt8], shift: Int, offsetBySector: Bool = true) -> [UInt8] {
        let sectorSize = 1 << shift
        var out: [UInt8] = []
        out.reserveCapacity(min(max(0, size), chain.count * sectorSize))
        for sector in chain where out.count < size {
            let base = (Int(sector) + (offsetBySector ? 1 : 0)) << shift
            let end = min(base + sectorSize, bytes.count)
            guard base < end else { break }
            out += bytes[base..<min(end, base + size - out.count)]
        }
        return out
    }

    static func entry(_ bytes: [UInt8], at base: Int) -> Entry {
        let nameBytes = min(64, Int(u16(bytes, base + 0x40)))
        var units: [UInt16] = []
        var k = 0
        while k + 1 < nameBytes {
            let unit = u16(bytes, base + k)
            if unit == 0 { break }
            units.append(unit)
            k += 2
        }
        let type = base + 0x42 < bytes.count ? bytes[base + 0x42] : 0
        // Version 3 files (512-byte sectors) keep only the low 32 bits of the size.
        let size = Int(u32(bytes, base + 0x78))
        return Entry(name: String(decoding: units, as: UTF16.self), type: type, start: u32(bytes, base + 0x74), size: size)
    }

    static func u16(_ bytes: [UInt8], _ offset: Int) -> UInt16 {
        guard offset >= 0, offset + 2 <= bytes.count else { return 0 }
        return UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    static func u32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        guard offset >= 0, offset + 4 <= bytes.count else { return freeSector }
        return UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
    }
}
