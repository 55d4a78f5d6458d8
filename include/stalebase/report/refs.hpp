#pragma once

#include "stalebase/dockerfile/ast.hpp"
#include "stalebase/dockerfile/references.hpp"
#include "stalebase/sources/source_reference.hpp"

#include <nlohmann/json_fwd.hpp>

#include <iosfwd>
#include <string>
#include <vector>

namespace stalebase::report {

// The references of one file, for `stalebase refs`: a Dockerfile's
// (`document` and `extraction`), or an image source's (`sources` and `lines`,
// issue 16).
struct FileReferences {
  std::string file; // as found from the PATH given
  const dockerfile::Document *document = nullptr;
  const dockerfile::Extraction *extraction = nullptr;
  const sources::SourceExtraction *sources = nullptr;
  const dockerfile::LineIndex *lines = nullptr;
};

// A file that could not be read or parsed.
struct FileError {
  std::string file;
  dockerfile::ParseError error;
};

// The table: grouped by file, one line per reference, aligned, readable at 80
// columns.
std::string render_refs_table(const std::vector<FileReferences> &files);

// Appends the lines of `file` in render_refs_table's table to `out`: each
// file's lines depend on that file alone.
void append_refs_table(std::string &out, const FileReferences &file);

// The JSON document of docs/json-refs.md: {"schema_version", "references":
// [...], "errors": [...]}.
nlohmann::json refs_to_json(const std::vector<FileReferences> &files,
                            const std::vector<FileError> &errors);

// Appends the elements of the JSON's "references" array for `file` to `out`,
// as RefsJsonWriter lays them out (indented, separated by ",\n"); nothing
// without references. Depends on `file` alone, so files can be rendered on
// several threads and added in order with RefsJsonWriter::add_rendered().
void append_refs_json(std::string &out, const FileReferences &file);

// Builds the text of refs_to_json(files, errors).dump(2) one file at a time, so
// that `stalebase refs` need not keep every file's AST and references, nor the
// whole JSON value, in memory. Never fails.
class RefsJsonWriter {
public:
  // Adds the references of `file` (in order, after those added before).
  void add_file(const FileReferences &file);
  // Adds what append_refs_json() gave for a file, as add_file() would.
  void add_rendered(std::string elements);
  // Adds `error` to the errors (in order).
  void add_error(const FileError &error);
  // The whole document, byte for byte as refs_to_json(...).dump(2).
  std::string finish() const;
  // Writes finish() to `out` without building it as one more string.
  void write(std::ostream &out) const;

private:
  // The array elements so far, each file's (append_refs_json) or error's
  // apart, none empty: kept as they came rather than appended to one string
  // that would be copied each time it grows.
  std::vector<std::string> m_references;
  std::vector<std::string> m_errors;
};

} // namespace stalebase::report
