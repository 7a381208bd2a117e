// The schema engine reads documents; re-export them so `import SchemaEngine` is enough.
@_exported import JSONDocument
