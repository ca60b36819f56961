import Testing

@testable import YAMLSupport
