#pragma once

#include "stalebase/dockerfile/ast.hpp"
#include "stalebase/dockerfile/references.hpp"
#include "stalebase/util/expected.hpp"

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace stalebase::workflow {

// A Dockerfile to read: `display` is its path as found from the PATH the user
// gave (what every output shows), with bytes that are not UTF-8 as `\xNN`; `-`
// is standard input.
struct InputFile {
  std::string display;
  std::filesystem::path path;
  bool is_stdin = false;
};

// The largest Dockerfile read (a file or standard input): 4 MiB, some forty
// times the largest real ones.
inline constexpr std::size_t k_max_dockerfile_size = std::size_t{4} << 20;

// Expands PATH arguments: files as given (always read), folders searched
// recursively (sorted, `.git` skipped, symlinked folders not followed, what the
// `.gitignore` files in the walked folders ignore skipped) for the names
// is_dockerfile_name() accepts; `-` is standard input; no PATH means the
// current folder. A symbolic link to a file outside the folder is skipped with
// a warning, and a file found both under its name and through a link is listed
// once. A folder without Dockerfiles gives a warning. Fails on a PATH that does
// not exist or a folder that cannot be read.
Expected<std::vector<InputFile>, std::string>
discover_inputs(const std::vector<std::string> &paths);

// Whether `name` (a file name without folders) is one stalebase reads in a
// folder: `Dockerfile` and `Containerfile` with the first letter in either
// case (`dockerfile`), those after a name and a dot (`app.Dockerfile`), or
// followed by `.`, `-` or `_` and more (`Dockerfile.dev`, `Dockerfile-dev`,
// `Containerfile_prod`); but not with an extension of something else
// (`Dockerfile.md`, `Dockerfile.j2`, `Dockerfile.dockerignore`, a trailing
// `~`).
bool is_dockerfile_name(std::string_view name);

// One input after reading, parsing and reference extraction. When `error` is
// set, nothing else but `source` (possibly empty) is meaningful.
struct LoadedFile {
  InputFile input;
  std::string source;
  std::optional<dockerfile::Document> document;
  dockerfile::Extraction extraction;
  std::optional<dockerfile::ParseError> error;
};

// Reads, parses and extracts one input. Never throws for bad input: unreadable
// files and syntax errors end up in `error`.
LoadedFile load_input(const InputFile &input,
                      const dockerfile::ExtractOptions &options);

} // namespace stalebase::workflow
