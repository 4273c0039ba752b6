import ArgumentParser
@main struct Habeas: AsyncParsableCommand { func run() async throws {} }
