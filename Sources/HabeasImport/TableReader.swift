import CSV
import Foundation

/// The bounds on a table from outside. Every one is checked as the table is read, so a hostile
/// file is refused with the bound named, never read into memory whole.
public struct TableLimits: Sendable, Equatable {
    /// Characters in one cell (a case value allows 100,000; a spreadsheet cell holds 32,767).
    public var maxCellCharacters = 32_767
    public var maxColumns = 200
    /// Rows after the header.
    public var maxRows = 1_000_000
    /// Bytes of one CSV/TSV record (row), quoted newlines included.
    public var maxRowBytes = 1_048_576
    /// Bytes of an XLSX file, and of any one part of it once decompressed.
    public var maxXLSXBytes = 200 * 1_048_576
    public var maxXLSXPartBytes = 200 * 1_048_576
    /// A part that decompresses to more than this many times its compressed size is a zip bomb.
    public var maxCompressionRatio = 200
    public init() {}
}

public enum TableError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadable(String)
    case tooLarge(String)
    case notATable(String)

    public var description: String {
        switch self {
        case .unreadable(let why): "the table cannot be read: \(why)"
        case .tooLarge(let why): "the table is refused: \(why)"
        case .notATable(let why): "not a table Habeas reads: \(why)"
        }
    }
}

/// One row as the spreadsheet shows it: `number` is the row number a person sees (the header is row 1).
public struct TableRow: Sendable, Equatable {
    public var number: Int
    public var cells: [String]
    public init(number: Int, cells: [String]) {
        self.number = number
        self.cells = cells
    }
    public var isBlank: Bool { cells.allSatisfy { $0.allSatisfy(\.isWhitespace) } }
}

/// The file kinds `import-table` reads.
public enum TableKind: String, Sendable, CaseIterable {
    case csv, tsv, xlsx

    /// By extension; nil for anything else.
    public init?(path: String) {
        switch (path as NSString).pathExtension.lowercased() {
        case "csv": self = .csv
        case "tsv", "tab": self = .tsv
        case "xlsx": self = .xlsx
        default: return nil
        }
    }
}

/// Rows, one at a time: the header first. Memory stays that of one row (CSV) or of the bounded
/// sheet (XLSX).
public protocol TableReader: AnyObject {
    /// The next row, or nil at the end. Throws `TableError` at the first bound passed.
    func next() throws -> TableRow?
}

public enum TableReaders {
    /// A reader for the file at `url`, of `kind` (or by its extension).
    public static func open(_ url: URL, kind: TableKind? = nil, limits: TableLimits = TableLimits()) throws -> any TableReader {
        guard let kind = kind ?? TableKind(path: url.path) else {
            throw TableError.notATable("\(url.lastPathComponent): use a .csv, .tsv or .xlsx file")
        }
        switch kind {
        case .csv: return try CSVTableReader(url: url, delimiter: nil, limits: limits)
        case .tsv: return try CSVTableReader(url: url, delimiter: "\t", limits: limits)
        case .xlsx: return try XLSXTableReader(url: url, limits: limits)
        }
    }
}

/// CSV and TSV through CSV.swift, fed by a stream that refuses a record longer than the bound
/// (an unclosed quote would otherwise read the rest of the file into one cell).
public final class CSVTableReader: TableReader {
    private let reader: CSVReader
    private let stream: BoundedInputStream
    private let limits: TableLimits
    private var number = 0
    /// The delimiter used: the given one, or the one the header line has most of (`,` `;` tab).
    public let delimiter: UnicodeScalar

    public init(url: URL, delimiter: UnicodeScalar?, limits: TableLimits) throws {
        guard let handle = try? FileHandle(forReadingFrom: url) else {
            throw TableError.unreadable("\(url.lastPathComponent) cannot be opened")
        }
        let head = (try? handle.read(upToCount: 65_536)) ?? Data()
        try? handle.seek(toOffset: 0)
        self.delimiter = delimiter ?? Self.sniff(head)
        self.limits = limits
        stream = BoundedInputStream(handle: handle, budget: limits.maxRowBytes)
        do {
            reader = try CSVReader(stream: stream, hasHeaderRow: false, trimFields: false, delimiter: self.delimiter)
        } catch {
            throw TableError.unreadable("\(url.lastPathComponent): \(error)")
        }
    }

    /// Semicolons are what spreadsheet programs write where the comma is the decimal mark.
    static func sniff(_ head: Data) -> UnicodeScalar {
        let line = head.prefix { $0 != 0x0A && $0 != 0x0D }
        let counts: [(UnicodeScalar, Int)] = [(",", 0x2C), (";", 0x3B), ("\t", 0x09)].map { scalar, byte in
            (scalar, line.filter { $0 == UInt8(byte) }.count)
        }
        return counts.max { $0.1 < $1.1 }.flatMap { $0.1 > 0 ? $0.0 : nil } ?? ","
    }

    public func next() throws -> TableRow? {
        stream.resetBudget()
        let row = reader.next()
        if stream.overBudget {
            throw TableError.tooLarge("row \(number + 1) is longer than \(limits.maxRowBytes / 1024) KB (an unclosed quote?)")
        }
        if let error = reader.error {
            throw TableError.unreadable("row \(number + 1): \(Self.describe(error))")
        }
        guard let row else { return nil }
        number += 1
        try TableBounds.check(row, number: number, limits: limits)
        return TableRow(number: number, cells: row)
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? CSVError {
            switch error {
            case .unicodeDecoding, .stringEncodingMismatch, .stringEndianMismatch: return "not UTF-8 text (save the sheet as CSV UTF-8)"
            default: return "\(error)"
            }
        }
        return "\(error)"
    }
}

enum TableBounds {
    static func check(_ cells: [String], number: Int, limits: TableLimits) throws {
        if cells.count > limits.maxColumns {
            throw TableError.tooLarge("row \(number) has \(cells.count) columns; at most \(limits.maxColumns)")
        }
        if number - 1 > limits.maxRows {
            throw TableError.tooLarge("more than \(limits.maxRows) rows")
        }
        for (index, cell) in cells.enumerated() where cell.unicodeScalars.count > limits.maxCellCharacters {
            throw TableError.tooLarge("row \(number), column \(ColumnName.letters(index)): a cell of more than \(limits.maxCellCharacters) characters")
        }
    }
}

/// Spreadsheet column letters: 0 → A, 26 → AA.
public enum ColumnName {
    public static func letters(_ index: Int) -> String {
        var n = index + 1
        var result = ""
        while n > 0 {
            let r = (n - 1) % 26
            result = String(UnicodeScalar(UInt8(65 + r))) + result
            n = (n - 1) / 26
        }
        return result
    }
}

/// A file stream that fails once more than `budget` bytes are read since the last reset: the
/// reader resets it at each record, so no record can grow beyond the bound (plus one buffer).
final class BoundedInputStream: InputStream {
    private let handle: FileHandle
    private let budget: Int
    private var used = 0
    private var status: Stream.Status = .notOpen
    private var failure: (any Error)?
    private(set) var overBudget = false
    private var pending = Data()
    private var atEnd = false

    init(handle: FileHandle, budget: Int) {
        self.handle = handle
        // CSV.swift reads ahead one buffer of 64 KB.
        self.budget = budget + 65_536
        super.init(data: Data())
    }

    func resetBudget() { used = 0 }

    override func open() { status = .open }
    override func close() {
        status = .closed
        try? handle.close()
    }
    override var streamStatus: Stream.Status { status }
    override var streamError: (any Error)? { failure }
    /// Reads ahead so the end is known before a reader asks for a byte that is not there.
    override var hasBytesAvailable: Bool {
        guard status == .open else { return false }
        fill()
        return !pending.isEmpty
    }

    private func fill() {
        if pending.isEmpty, !atEnd {
            let chunk = (try? handle.read(upToCount: 65_536)) ?? Data()
            if chunk.isEmpty { atEnd = true } else { pending = chunk }
        }
    }

    override func read(_ buffer: UnsafeMutablePointer<UInt8>, maxLength len: Int) -> Int {
        if status == .atEnd { return 0 }
        guard status == .open else { return -1 }
        if used > budget {
            overBudget = true
            failure = TableError.tooLarge("record too long")
            status = .error
            return -1
        }
        fill()
        guard !pending.isEmpty else {
            status = .atEnd
            return 0
        }
        let count = min(len, pending.count)
        pending.copyBytes(to: buffer, count: count)
        pending = pending.dropFirst(count)
        if pending.isEmpty { pending = Data() }
        used += count
        return count
    }
}
