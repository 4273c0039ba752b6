import HabeasCore

/// Sentences the core wrote in English (`Phrase`), in the interface language: the message of the
/// phrase's key with its arguments written as the language writes dates, lengths, numbers, words
/// of the vocabularies and lists. Free text and citations are kept as written.
extension Localizer {
    /// The phrase in this language, or nil when a message it needs is missing from the catalogue
    /// (the caller then shows the English sentence).
    public func render(_ phrase: Phrase) -> String? {
        guard let message = catalogue.messages[phrase.key] ?? english.messages[phrase.key] else { return nil }
        var arguments: [String: String] = [:]
        for (name, argument) in phrase.arguments {
            guard let text = render(argument) else { return nil }
            arguments[name] = text
        }
        if case .plural = message, case .count(let count)? = phrase.arguments["count"] {
            return plural(phrase.key, count: count, arguments)
        }
        return text(phrase.key, arguments)
    }

    public func render(_ argument: Phrase.Argument) -> String? {
        switch argument {
        case .text(let text):
            return text
        case .date(let date):
            let day = self.date(date)
            let written = date.description
            guard date.time != nil, written.contains("T"), let time = written.split(separator: "T").last else { return day }
            return day + " " + time
        case .span(let span):
            return length(span)
        case .count(let count):
            return number(count)
        case .word(let vocabulary, let key):
            return catalogue.vocabulary[vocabulary]?[key]?.label ?? english.vocabulary[vocabulary]?[key]?.label ?? key
        case .phrase(let phrase):
            return render(phrase)
        case .list(let items):
            var texts: [String] = []
            for item in items {
                guard let text = render(item) else { return nil }
                texts.append(text)
            }
            guard let last = texts.popLast() else { return "" }
            guard !texts.isEmpty else { return last }
            let comma = language == .ar ? "، " : ", "
            return text("list.pair", ["first": texts.joined(separator: comma), "second": last])
        }
    }

    /// A length as the timeline measures it: calendar days, or hours (and days beyond 72 hours).
    public func length(_ span: Span) -> String {
        guard let exact = span.exactHours else { return plural("days", count: span.calendarDays ?? 0) }
        let hours = (exact * 10).rounded() / 10
        let hoursText = hours == hours.rounded() && abs(hours) < 1e9 ? plural("hours", count: Int(hours)) : plural("hours", decimal: Span.format(hours))
        guard exact >= 72 else { return hoursText }
        let days = span.days
        let daysText = days == days.rounded() && abs(days) < 1e9 ? plural("days", count: Int(days)) : plural("days", decimal: Span.format(days))
        return text("phrase.length.daysAndHours", ["days": daysText, "hours": hoursText])
    }
}
