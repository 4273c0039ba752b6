// scripts/release.sh writes the commit of a release build here and restores this file after it;
// a build from the source tree says it is a development build.
enum BuildInfo {
    static let version = "0.4.0"
    static let commit = "development build"
}
