import OpenAPIModel

extension Walker {
    /// `oas3_1-json-schema-dialect`: a `jsonSchemaDialect` the engine cannot apply. Its Schema
    /// Objects are then checked in the OAS 3.1 dialect, which may not be what the author meant.
    func jsonSchemaDialect() {
        guard let field = compiler.unknownDialect, let uri = field.string else { return }
        report("oas3_1-json-schema-dialect", field,
            "jsonSchemaDialect '\(uri)' is not a dialect oavalidate knows (JSON Schema draft-04, draft-06, draft-07, 2019-09, 2020-12 or the OAS 3.1 dialect https://spec.openapis.org/oas/3.1/dialect/base); Schema Objects without $schema are checked with the OAS 3.1 dialect instead")
    }
}
