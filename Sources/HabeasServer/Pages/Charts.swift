import HabeasCore
import HabeasLocalization

/// SVG charts drawn on the server: no script, readable without colour (every band and bar has
/// its figure written as text), titled for screen readers. Colours are dark enough for white text
/// (≥ 4.5:1) and distinguishable with the common colour-vision deficiencies.
enum Charts {
    static let ink = "#1a1a1a"
    static let muted = "#4d4d4d"
    static let grid = "#c8c8c8"

    static func colour(_ kind: Period.Kind) -> String {
        switch kind {
        case .incommunicado: "#a1261c"
        case .withoutCounsel: "#8a4a00"
        case .withoutFamilyContact: "#6b4e16"
        case .beforeJudge: "#2f6b2f"
        case .undisclosedLocation: "#5b2c83"
        case .pretrial: "#1c5a8c"
        case .afterLawfulEnd: "#444444"
        }
    }

    static func title(_ kind: Period.Kind) -> String {
        let localizer = Interface.localizer
        guard localizer.language == .en else { return localizer.text("period." + kind.rawValue) }
        return switch kind {
        case .incommunicado: "Incommunicado"
        case .withoutCounsel: "Without counsel"
        case .withoutFamilyContact: "Without family contact"
        case .beforeJudge: "Not brought before a judge"
        case .undisclosedLocation: "Undisclosed location"
        case .pretrial: "Detention before judgment"
        case .afterLawfulEnd: "After the lawful end of detention"
        }
    }

    /// The length shown: known only to the latest information, "at least 72 days (last reported
    /// 2022-03-18)" (docs/legal/facts-and-dates.md); hours before a judge from dates only as a range (docs/legal/promptness.md).
    static func figure(_ period: Period, atLeast: Bool = true) -> String {
        let localizer = Interface.localizer
        if localizer.language != .en {
            let length: String
            if period.kind == .beforeJudge, let hours = period.span.exactHours {
                length = hours == hours.rounded() && abs(hours) < 1e9 ? localizer.plural("hours", count: Int(hours)) : localizer.plural("hours", decimal: Span.format(hours))
            } else if period.kind == .beforeJudge, !period.span.isExact {
                let days = period.span.calendarDays ?? 0
                length = localizer.text("hours.range", ["low": localizer.number(max(0, days - 1) * 24), "high": localizer.number((days + 1) * 24),
                                                        "days": localizer.plural("days", count: days)])
            } else {
                length = Interface.days(period.span.days)
            }
            guard atLeast, let reported = period.lastReported else { return length }
            return localizer.text("figure.atLeast", ["length": length, "date": Interface.date(reported)])
        }
        let length: String
        if period.kind == .beforeJudge {
            length = period.span.exactHours != nil ? "\(Span.format(period.span.hours)) hours" : Assessor.hoursInWords(period.span)
        } else {
            let days = period.span.days
            length = days == 1 ? "1 day" : "\(Span.format(days)) days"
        }
        guard atLeast, let reported = period.lastReported else { return length }
        return "at least \(length) (last reported \(reported))"
    }

    /// Right to left (Arabic), a chart is drawn mirrored: time and bars run from the right, and
    /// with `direction="rtl"` on the `<svg>` a text anchored at its start grows leftwards, so every
    /// x below goes through `ChartMirror.x` and the anchors stay as they are.
    struct ChartMirror {
        var width: Double
        var rtl = Interface.language.isRightToLeft
        func x(_ x: Double) -> Double { rtl ? width - x : x }
        /// The left edge of a box drawn from `x0` to `x1`.
        func left(_ x0: Double, _ x1: Double) -> Double { rtl ? width - x1 : x0 }
        var direction: String { rtl ? "rtl" : "ltr" }
    }

    private static func text(_ x: Double, _ y: Double, _ content: String, size: Int = 13, anchor: String = "start",
                             weight: String = "normal", fill: String = ink, extra: String = "", mirror: ChartMirror? = nil) -> String {
        let x = mirror?.x(x) ?? x
        return "<text x=\"\(f(x))\" y=\"\(f(y))\" font-size=\"\(size)\" text-anchor=\"\(anchor)\" font-weight=\"\(weight)\" fill=\"\(fill)\"\(extra)>\(Escape.html(content))</text>"
    }

    static func f(_ v: Double) -> String { Span.format((v * 10).rounded() / 10) }

    /// The deprivation from the arrest to its end (or the as-of date): events as ticks, then one
    /// lane per period with its length written beside the band.
    static func timeline(_ facts: DerivedFacts, caseTitle: String) -> SafeHTML {
        let events = facts.events
        guard let first = facts.start?.event.date ?? events.first?.event.date else {
            return SafeHTML(html: "")
        }
        let periods = facts.periods
        let startDay = first.calendarDate.dayNumber
        var endDay = max(facts.countedTo.calendarDate.dayNumber, startDay + 1)
        for e in events { endDay = max(endDay, e.event.date.dayNumber) }
        let l = Interface.localizer
        let english = l.language == .en
        let width = 760.0, left = 16.0, right = 16.0
        let m = ChartMirror(width: width)
        let plot = width - left - right
        func x(_ day: Int) -> Double { left + plot * Double(day - startDay) / Double(endDay - startDay) }

        let laneHeight = 46.0
        let axisY = 58.0
        let height = axisY + 28 + laneHeight * Double(periods.count) + 10
        let summary = periods.isEmpty
            ? l.text("chart.noPeriod")
            : periods.map {
                english ? "\(title($0.kind)): \(figure($0)), from \($0.from.calendarDate) to \($0.to.calendarDate)"
                    : l.text("chart.periodFromTo", ["period": title($0.kind), "figure": figure($0),
                                                    "from": Interface.date($0.from.calendarDate), "to": Interface.date($0.to.calendarDate)])
            }.joined(separator: "; ") + "."
        let chartTitle = english
            ? "Timeline of the deprivation of liberty of \(caseTitle), \(first.calendarDate) to \(CaseDate(dayNumber: endDay))"
            : l.text("chart.title", ["case": caseTitle, "from": Interface.date(first.calendarDate), "to": Interface.date(CaseDate(dayNumber: endDay))])
        var svg = "<svg class=\"chart timeline-chart\" viewBox=\"0 0 \(f(width)) \(f(height))\" role=\"img\" aria-labelledby=\"tl-title tl-desc\" xmlns=\"http://www.w3.org/2000/svg\" preserveAspectRatio=\"xMinYMin meet\" direction=\"\(m.direction)\">"
        svg += "<title id=\"tl-title\">\(Escape.html(chartTitle))</title>"
        svg += "<desc id=\"tl-desc\">\(Escape.html(summary))</desc>"

        // Axis with month marks.
        svg += "<line x1=\"\(f(left))\" y1=\"\(f(axisY))\" x2=\"\(f(width - right))\" y2=\"\(f(axisY))\" stroke=\"\(ink)\" stroke-width=\"1.5\"/>"
        let months = monthStarts(from: startDay, to: endDay)
        let step = max(1, months.count / 8)
        for (i, day) in months.enumerated() where i % step == 0 {
            let d = CaseDate(dayNumber: day)
            svg += "<line x1=\"\(f(m.x(x(day))))\" y1=\"\(f(axisY))\" x2=\"\(f(m.x(x(day))))\" y2=\"\(f(height - 6))\" stroke=\"\(grid)\" stroke-dasharray=\"3 3\"/>"
            svg += text(x(day) + 3, axisY + 16, monthLabel(d.year, d.month), size: 11, fill: muted, mirror: m)
        }
        // Events as ticks; the arrest is marked and labelled.
        for indexed in events {
            let day = indexed.event.date.dayNumber
            let isArrest = indexed.index == facts.start?.index
            let tall = isArrest ? 26.0 : 14.0
            let eventName = english ? indexed.event.type.rawValue : l.label(indexed.event.type)
            svg += "<g class=\"event\"><title>\(Escape.html("\(Interface.date(indexed.event.date)): \(eventName)"))</title>"
            svg += "<line x1=\"\(f(m.x(x(day))))\" y1=\"\(f(axisY - tall))\" x2=\"\(f(m.x(x(day))))\" y2=\"\(f(axisY))\" stroke=\"\(isArrest ? "#a1261c" : ink)\" stroke-width=\"\(isArrest ? 3 : 2)\"/></g>"
        }
        if let start = facts.start {
            let label = english ? "Arrest \(start.event.date.calendarDate)" : l.text("chart.arrest", ["date": Interface.date(start.event.date.calendarDate)])
            svg += text(x(start.event.date.dayNumber), 20, label, size: 12, weight: "bold", mirror: m)
        }
        let endLabel = english
            ? facts.end.map { "\($0.event.type.rawValue.capitalized) \($0.event.date.calendarDate)" } ?? "As of \(facts.asOf)"
            : facts.end.map { l.text("chart.end", ["event": l.label($0.event.type), "date": Interface.date($0.event.date.calendarDate)]) }
                ?? l.text("chart.asOf", ["date": Interface.date(facts.asOf)])
        svg += text(width - right, 20, endLabel, size: 12, anchor: "end", weight: "bold", mirror: m)

        // One lane per period: the label and the figure as text above its band.
        for (i, period) in periods.enumerated() {
            let top = axisY + 28 + laneHeight * Double(i)
            let x0 = x(period.from.calendarDate.dayNumber)
            let x1 = max(x(period.to.calendarDate.dayNumber), x0 + 3)
            let running = period.lastReported != nil
            // Short form in the band; the table beside the chart says "at least N (last reported D)".
            let label = english
                ? "\(title(period.kind)): " + (period.lastReported.map { figure(period, atLeast: false) + " or more (last reported \($0))" } ?? figure(period))
                : l.text("figure.labelled", ["period": title(period.kind), "figure": period.lastReported.map {
                    l.text("figure.orMore", ["length": figure(period, atLeast: false), "date": Interface.date($0)])
                } ?? figure(period)])
            svg += "<g class=\"band band-\(period.kind.rawValue)\"><title>\(Escape.html(Interface.say(period.computation, facts.phrases)))</title>"
            svg += text(min(x0, width - right - 260), top + 12, label, size: 13, weight: "bold", mirror: m)
            svg += "<rect x=\"\(f(m.left(x0, x1)))\" y=\"\(f(top + 18))\" width=\"\(f(x1 - x0))\" height=\"16\" rx=\"3\" fill=\"\(colour(period.kind))\"/>"
            if running {
                svg += "<path d=\"M\(f(m.x(x1))) \(f(top + 18)) l\(m.rtl ? -8 : 8) 8 l\(m.rtl ? 8 : -8) 8 z\" fill=\"\(colour(period.kind))\"/>"
            }
            svg += "</g>"
        }
        svg += "</svg>"
        return SafeHTML(html: svg)
    }

    /// "Jan 2022" in English as always; the month in the interface language otherwise.
    static func monthLabel(_ year: Int, _ month: Int) -> String {
        let localizer = Interface.localizer
        guard localizer.language == .en, (1...12).contains(month) else { return localizer.monthYear(year: year, month: month) }
        return "\(monthAbbreviations[month - 1]) \(year)"
    }

    static let monthAbbreviations = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func monthStarts(from: Int, to: Int) -> [Int] {
        var d = CaseDate(dayNumber: from)
        d = CaseDate(year: d.year, month: d.month, day: 1)
        var result: [Int] = []
        while d.dayNumber <= to {
            if d.dayNumber >= from { result.append(d.dayNumber) }
            d = d.addingMonths(1)
        }
        return result
    }

    /// Vertical bars with the count written above each bar and the label below.
    static func columns(id: String, title: String, bars: [(label: String, count: Int)], colour: String = "#1c5a8c") -> SafeHTML {
        guard !bars.isEmpty else { return SafeHTML(html: "") }
        let barWidth = 34.0, gap = 12.0, left = 12.0, top = 24.0, plotHeight = 140.0
        let width = max(480, left * 2 + Double(bars.count) * (barWidth + gap))
        let height = top + plotHeight + 44
        let maxCount = max(1, bars.map(\.count).max() ?? 1)
        let desc = bars.map { "\($0.label): \($0.count)" }.joined(separator: "; ")
        let m = ChartMirror(width: width)
        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(f(width)) \(f(height))\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\" xmlns=\"http://www.w3.org/2000/svg\" direction=\"\(m.direction)\">"
        svg += "<title id=\"\(id)-title\">\(Escape.html(title))</title><desc id=\"\(id)-desc\">\(Escape.html(desc))</desc>"
        let baseline = top + plotHeight
        svg += "<line x1=\"\(f(left))\" y1=\"\(f(baseline))\" x2=\"\(f(width - left))\" y2=\"\(f(baseline))\" stroke=\"\(ink)\"/>"
        for (i, bar) in bars.enumerated() {
            let x = left + Double(i) * (barWidth + gap) + gap / 2
            let h = plotHeight * Double(bar.count) / Double(maxCount)
            svg += "<g><title>\(Escape.html("\(bar.label): \(bar.count)"))</title>"
            svg += "<rect x=\"\(f(m.left(x, x + barWidth)))\" y=\"\(f(baseline - h))\" width=\"\(f(barWidth))\" height=\"\(f(h))\" fill=\"\(colour)\"/>"
            svg += text(x + barWidth / 2, baseline - h - 5, "\(bar.count)", size: 12, anchor: "middle", weight: "bold", mirror: m)
            let parts = bar.label.split(separator: " ", maxSplits: 1).map(String.init)
            svg += text(x + barWidth / 2, baseline + 16, parts[0], size: 11, anchor: "middle", fill: muted, mirror: m)
            if parts.count > 1 { svg += text(x + barWidth / 2, baseline + 30, parts[1], size: 11, anchor: "middle", fill: muted, mirror: m) }
            svg += "</g>"
        }
        svg += "</svg>"
        return SafeHTML(html: svg)
    }

    /// Horizontal bars, one per row, label on the left and count at the end of the bar.
    static func bars(id: String, title: String, rows: [(label: String, count: Int)], colour: String = "#5b2c83") -> SafeHTML {
        guard !rows.isEmpty else { return SafeHTML(html: "") }
        let labelWidth = 120.0, plot = 240.0, rowHeight = 28.0
        let width = labelWidth + plot + 50
        let height = rowHeight * Double(rows.count) + 8
        let maxCount = max(1, rows.map(\.count).max() ?? 1)
        let desc = rows.map { "\($0.label): \($0.count)" }.joined(separator: "; ")
        let m = ChartMirror(width: width)
        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(f(width)) \(f(height))\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\" xmlns=\"http://www.w3.org/2000/svg\" direction=\"\(m.direction)\">"
        svg += "<title id=\"\(id)-title\">\(Escape.html(title))</title><desc id=\"\(id)-desc\">\(Escape.html(desc))</desc>"
        for (i, row) in rows.enumerated() {
            let y = 4 + rowHeight * Double(i)
            let w = plot * Double(row.count) / Double(maxCount)
            svg += "<g><title>\(Escape.html("\(row.label): \(row.count)"))</title>"
            svg += text(labelWidth - 8, y + 18, row.label, size: 13, anchor: "end", mirror: m)
            svg += "<rect x=\"\(f(m.left(labelWidth, labelWidth + max(w, 1))))\" y=\"\(f(y + 4))\" width=\"\(f(max(w, 1)))\" height=\"18\" fill=\"\(colour)\"/>"
            svg += text(labelWidth + max(w, 1) + 6, y + 18, "\(row.count)", size: 13, weight: "bold", mirror: m)
            svg += "</g>"
        }
        svg += "</svg>"
        return SafeHTML(html: svg)
    }

    // MARK: Statistics charts, readable at 360 px: a viewBox 400 units wide scales to about 0.9,
    // so 13-unit text stays near 12 px. Every figure is also in the table beside the chart.

    /// Arrests by day: one bar per day from the first to the last, the count above each bar when
    /// bars are wide enough, the date below every few bars; the busiest day is always labelled.
    static func arrestsByDay(id: String, title: String, days: [(day: CaseDate, count: Int)], colour: String = "#a1261c") -> SafeHTML {
        guard !days.isEmpty else { return SafeHTML(html: "") }
        let width = 400.0, left = 8.0, right = 8.0, top = 34.0, plotHeight = 150.0
        let plot = width - left - right
        let slot = plot / Double(days.count)
        let barWidth = max(slot * 0.8, 0.5)
        let height = top + plotHeight + 40
        let maxCount = max(1, days.map(\.count).max() ?? 1)
        let peak = days.firstIndex { $0.count == maxCount } ?? 0
        let total = days.reduce(0) { $0 + $1.count }
        let nonZero = days.filter { $0.count > 0 }
        let desc = "\(total) arrest\(total == 1 ? "" : "s") from \(days[0].day) to \(days[days.count - 1].day); most on \(days[peak].day) (\(maxCount)). "
            + (nonZero.count <= 60 ? nonZero.map { "\($0.day): \($0.count)" }.joined(separator: "; ") : "The table gives every day.")
        var svg = "<svg class=\"chart chart-narrow\" viewBox=\"0 0 \(f(width)) \(f(height))\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\" xmlns=\"http://www.w3.org/2000/svg\" preserveAspectRatio=\"xMinYMin meet\">"
        svg += "<title id=\"\(id)-title\">\(Escape.html(title))</title><desc id=\"\(id)-desc\">\(Escape.html(desc))</desc>"
        let baseline = top + plotHeight
        svg += "<line x1=\"\(f(left))\" y1=\"\(f(baseline))\" x2=\"\(f(width - right))\" y2=\"\(f(baseline))\" stroke=\"\(ink)\"/>"
        svg += text(left, 14, "Most on \(days[peak].day): \(maxCount)", size: 13, weight: "bold")
        let labelEvery = max(1, Int((Double(days.count) / 4).rounded(.up)))
        let countsFit = slot >= 22
        for (i, d) in days.enumerated() {
            let x = left + Double(i) * slot + (slot - barWidth) / 2
            let h = plotHeight * Double(d.count) / Double(maxCount)
            svg += "<g><title>\(Escape.html("\(d.day): \(d.count)"))</title>"
            if d.count > 0 {
                svg += "<rect x=\"\(f(x))\" y=\"\(f(baseline - h))\" width=\"\(f(barWidth))\" height=\"\(f(max(h, 1)))\" fill=\"\(colour)\"/>"
            }
            if countsFit || i == peak {
                svg += text(x + barWidth / 2, baseline - h - 4, "\(d.count)", size: 12, anchor: "middle", weight: "bold")
            }
            if i % labelEvery == 0 {
                svg += "<line x1=\"\(f(x + barWidth / 2))\" y1=\"\(f(baseline))\" x2=\"\(f(x + barWidth / 2))\" y2=\"\(f(baseline + 4))\" stroke=\"\(ink)\"/>"
                let anchor = i == 0 ? "start" : "middle"
                svg += text(i == 0 ? left : x + barWidth / 2, baseline + 20, "\(d.day.day) \(monthAbbreviations[d.day.month - 1])", size: 13, anchor: anchor, fill: muted)
            }
            svg += "</g>"
        }
        svg += "</svg>"
        return SafeHTML(html: svg)
    }

    /// A distribution as horizontal bars (one per bucket, the count written at its end), 400 units wide.
    static func histogram(id: String, title: String, rows: [LabelledCount], colour: String = "#1c5a8c") -> SafeHTML {
        guard !rows.isEmpty else { return SafeHTML(html: "") }
        let labelWidth = 150.0, plot = 200.0, rowHeight = 28.0
        let width = 400.0
        let height = rowHeight * Double(rows.count) + 8
        let maxCount = max(1, rows.map(\.count).max() ?? 1)
        let desc = rows.map { "\($0.label): \($0.count)" }.joined(separator: "; ")
        var svg = "<svg class=\"chart chart-narrow\" viewBox=\"0 0 \(f(width)) \(f(height))\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\" xmlns=\"http://www.w3.org/2000/svg\" preserveAspectRatio=\"xMinYMin meet\">"
        svg += "<title id=\"\(id)-title\">\(Escape.html(title))</title><desc id=\"\(id)-desc\">\(Escape.html(desc))</desc>"
        for (i, row) in rows.enumerated() {
            let y = 4 + rowHeight * Double(i)
            let w = plot * Double(row.count) / Double(maxCount)
            svg += "<g><title>\(Escape.html("\(row.label): \(row.count)"))</title>"
            svg += text(labelWidth - 8, y + 18, row.label, size: 13, anchor: "end")
            svg += "<rect x=\"\(f(labelWidth))\" y=\"\(f(y + 4))\" width=\"\(f(max(w, 1)))\" height=\"18\" fill=\"\(colour)\"/>"
            svg += text(labelWidth + max(w, 1) + 6, y + 18, "\(row.count)", size: 13, weight: "bold")
            svg += "</g>"
        }
        svg += "</svg>"
        return SafeHTML(html: svg)
    }

    /// The table alternative of a chart: the same figures as text, in a `<details>` that screen
    /// readers and narrow screens can open.
    static func table(caption: String, header: (String, String), rows: [LabelledCount]) -> SafeHTML {
        guard !rows.isEmpty else { return SafeHTML(html: "") }
        var html = "<details class=\"chart-table\"><summary>\(Escape.html(caption)) as a table</summary><table><caption>\(Escape.html(caption))</caption>"
        html += "<thead><tr><th scope=\"col\">\(Escape.html(header.0))</th><th scope=\"col\">\(Escape.html(header.1))</th></tr></thead><tbody>"
        for row in rows {
            html += "<tr><th scope=\"row\">\(Escape.html(row.label))</th><td>\(row.count)</td></tr>"
        }
        html += "</tbody></table></details>"
        return SafeHTML(html: html)
    }
}
