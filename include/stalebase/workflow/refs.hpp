#pragma once

// The work of `stalebase refs` once the flags are parsed: read, parse and
// extract the Dockerfiles on every core, and report them in input order.

#include "stalebase/dockerfile/references.hpp"
#include "stalebase/workflow/inputs.hpp"

#include <cstddef>
#include <iosfwd>
#include <vector>

namespace stalebase::workflow {

enum class RefsFormat { table, json };

struct RefsSettings {
  dockerfile::ExtractOptions extract;
  RefsFormat format = RefsFormat::table;
  // Threads that read and parse the files; 0 is one per core.
  std::size_t workers = 0;
  // Files read and parsed together before their results are put in order:
  // what bounds the number of sources and ASTs in memory at once.
  std::size_t batch = 512;
};

// Lists the references of `inputs` on `out` in `settings.format`: the table or
// the JSON document of docs/json-refs.md, written once every file is done. A
// file that cannot be read or parsed gets its diagnostic on `diagnostics` (and
// is in the JSON's errors); extraction warnings are logged (warn_extraction).
// Everything comes in input order and byte for byte the same whatever the
// number of workers. Each file's source and AST are dropped once its output is
// rendered. Standard input (`-`) is read on the calling thread. Returns whether
// every file was read and parsed.
bool list_references(const std::vector<InputFile> &inputs,
                     const RefsSettings &settings,
                     std::ostream &out,
                     std::ostream &diagnostics);

} // namespace stalebase::workflow
