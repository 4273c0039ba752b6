/// The treaties a provision may cite as binding, and which States are parties (docs/legal/treaty-status.md).
/// A treaty provision is cited as violated only where the State is a
/// party; the Universal Declaration is cited for every State (Deliberation No. 9, A/HRC/22/44).
public enum Treaty: String, Sendable, CaseIterable {
    case iccpr = "ICCPR"
    case iccprOP1 = "ICCPR-OP1"
    case cat = "CAT"
    case refugeeConvention = "Refugee Convention"
    case crc = "CRC"
    case crpd = "CRPD"
    case icerd = "ICERD"
    case cedaw = "CEDAW"

    /// The treaty a provision cites, from how the rules table and templates name it; nil for the
    /// UDHR and for standards (general comments, deliberations, principles, rules).
    public static func of(_ provision: String) -> Treaty? {
        let prefixes: [(String, Treaty)] = [
            ("ICCPR Optional Protocol", .iccprOP1), ("ICCPR", .iccpr), ("Convention against Torture", .cat), ("CAT ", .cat),
            ("Refugee Convention", .refugeeConvention), ("CRC ", .crc), ("Convention on the Rights of the Child", .crc),
            ("CRPD", .crpd), ("ICERD", .icerd), ("CEDAW", .cedaw),
        ]
        return prefixes.first { provision.hasPrefix($0.0) }?.1
    }

    /// Human Rights Committee texts interpret the ICCPR: for a non-party they are not cited either.
    static func interprets(_ provision: String) -> Treaty? {
        provision.hasPrefix("CCPR/") ? .iccpr : provision.hasPrefix("CRC/") ? .crc : nil
    }
}

public enum TreatyStatus: String, Sendable {
    /// Ratified or acceded: binding.
    case party
    /// Signed only: not bound by the treaty's provisions (a signatory must not defeat its object
    /// and purpose, Vienna Convention on the Law of Treaties art. 18, but is not a party).
    case signatory
    case notParty = "not-party"
    /// The project is not sure: cited with a question, and never alone as sufficient.
    case uncertain
}

public struct Ratification: Sendable, Equatable {
    public var state: String
    public var treaty: Treaty
    public var status: TreatyStatus
    /// Date of ratification, accession or signature, when recorded.
    public var date: String?
    public var source: String
}

public enum TreatyTable {
    static let ohchr = "OHCHR ratification status database (indicators.ohchr.org) and UN Treaty Collection, ch. IV and V"
    static let general = "\(ohchr) [U: from general knowledge, not retrieved; check before filing]"

    private static func row(_ state: String, _ treaty: Treaty, _ status: TreatyStatus, _ date: String? = nil, _ source: String = general) -> Ratification {
        Ratification(state: state, treaty: treaty, status: status, date: date, source: source)
    }

    /// Only facts the project is confident of; everything else is `uncertain` or absent (absent:
    /// the provision is cited as the Working Group usually does, and a gap asks to check).
    public static let rows: [Ratification] = [
        // States the Working Group treats as not party to the ICCPR (it then cites the UDHR only,
        // as in its opinions on Myanmar and Saudi Arabia).
        row("MY", .iccpr, .notParty), row("MM", .iccpr, .notParty), row("SA", .iccpr, .notParty),
        row("AE", .iccpr, .notParty), row("SG", .iccpr, .notParty), row("BN", .iccpr, .notParty),
        row("OM", .iccpr, .notParty), row("BT", .iccpr, .notParty), row("SS", .iccpr, .notParty),
        row("CN", .iccpr, .signatory, "1998-10-05"), row("CU", .iccpr, .signatory, "2008-02-28"),
        row("KM", .iccpr, .signatory), row("NR", .iccpr, .signatory), row("PW", .iccpr, .signatory),
        row("SB", .iccpr, .notParty), row("TO", .iccpr, .notParty), row("TV", .iccpr, .notParty),
        row("KN", .iccpr, .notParty), row("LC", .iccpr, .signatory), row("FM", .iccpr, .notParty), row("VA", .iccpr, .notParty),
        // The Refugee Convention: States in the region that never acceded (UNHCR lists them).
        row("MY", .refugeeConvention, .notParty), row("TH", .refugeeConvention, .notParty), row("MM", .refugeeConvention, .notParty),
        row("IN", .refugeeConvention, .notParty), row("ID", .refugeeConvention, .notParty), row("BD", .refugeeConvention, .notParty),
        row("PK", .refugeeConvention, .notParty), row("LB", .refugeeConvention, .notParty), row("JO", .refugeeConvention, .notParty),
        row("KW", .refugeeConvention, .notParty), row("SA", .refugeeConvention, .notParty), row("AE", .refugeeConvention, .notParty),
        row("QA", .refugeeConvention, .notParty), row("IQ", .refugeeConvention, .notParty), row("SY", .refugeeConvention, .notParty),
        row("ER", .refugeeConvention, .notParty), row("LY", .refugeeConvention, .notParty),
        row("DO", .refugeeConvention, .party, "1978"), row("KZ", .refugeeConvention, .party, "1999"), row("EG", .refugeeConvention, .party, "1981"),
        row("KE", .refugeeConvention, .party, "1966"), row("SD", .refugeeConvention, .party, "1974"), row("MT", .refugeeConvention, .party, "1971"),
        // The Convention against Torture.
        row("MY", .cat, .notParty), row("MM", .cat, .notParty), row("KZ", .cat, .party, "1998"), row("CN", .cat, .party, "1988"),
        // The ICCPR, for the States of the examples.
        row("KZ", .iccpr, .party, "2006-01-24"), row("EG", .iccpr, .party, "1982"), row("TH", .iccpr, .party, "1996"),
        row("KW", .iccpr, .party, "1996"), row("DO", .iccpr, .party, "1978"), row("ER", .iccpr, .party, "2002"),
        row("PE", .iccpr, .party, "1978"), row("LK", .iccpr, .party, "1980"), row("KG", .iccpr, .party, "1994"),
        row("GE", .iccpr, .party, "1994"), row("IQ", .iccpr, .party, "1971"), row("KE", .iccpr, .party, "1972"),
        row("DZ", .iccpr, .party, "1989"), row("SD", .iccpr, .party, "1986"), row("SV", .iccpr, .party, "1979"),
        row("MT", .iccpr, .party, "1990"), row("AR", .iccpr, .party, "1986"), row("US", .iccpr, .party, "1992"),
        // The Convention on the Rights of the Child binds every State but one.
        row("US", .crc, .signatory, "1995"),
        row("MY", .crc, .party, "1995"), row("MM", .crc, .party, "1991"),
        // Entries the project is not sure of are marked so: the engine then says `possible`.
        row("MY", .icerd, .uncertain), row("MM", .icerd, .uncertain),
    ]

    /// The status the table records, or nil when it records none.
    public static func status(_ state: String, _ treaty: Treaty) -> Ratification? {
        rows.first { $0.state == state && $0.treaty == treaty }
    }

    /// Whether a provision may be cited as binding on the State: true (a party, or not in the
    /// table for a treaty the Working Group cites by default), false (not a party), nil (uncertain).
    public static func binding(_ provision: String, state: String) -> Bool? {
        guard let treaty = Treaty.of(provision) ?? Treaty.interprets(provision) else { return true }
        switch status(state, treaty)?.status {
        case .party: return true
        case .signatory, .notParty: return false
        case .uncertain: return nil
        case nil:
            // Not in the table: the Refugee Convention is cited only for a known party; the other
            // treaties as the Working Group usually does, with a question (see the gaps).
            return treaty == .refugeeConvention ? false : true
        }
    }

    public static var text: String {
        var out = "\nTreaty status: State, treaty, status, date, source (docs/legal/treaty-status.md)\n"
        out += "Absent rows: cited as the Working Group usually does and checked in the gaps; the Refugee Convention only for a listed party.\n"
        out += "Source, unless a row says otherwise: \(general)\n"
        for row in rows.sorted(by: { ($0.state, $0.treaty.rawValue) < ($1.state, $1.treaty.rawValue) }) {
            out += "  \(row.state)  \(row.treaty.rawValue.padding(toLength: 18, withPad: " ", startingAt: 0)) \(row.status.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) \(row.date ?? "—")"
            out += row.source == general ? "\n" : "  \(row.source)\n"
        }
        return out
    }

    public static var json: Value {
        .array(rows.map { row in
            .object([.init("state", .string(row.state)), .init("treaty", .string(row.treaty.rawValue)),
                     .init("status", .string(row.status.rawValue)), .init("date", row.date.map(Value.string) ?? .null),
                     .init("source", .string(row.source))])
        })
    }
}
