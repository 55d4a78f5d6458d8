#pragma once

#include "stalebase/dockerfile/ast.hpp"
#include "stalebase/dockerfile/references.hpp"
#include "stalebase/sources/extract.hpp"
#include "stalebase/sources/source_reference.hpp"
#include "stalebase/util/expected.hpp"

#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace stalebase::workflow {

// A file to read: `display` is its path as found from the PATH the user gave
// (what every output shows), with bytes that are not UTF-8 as `\xNN`; `-` is
// standard input (always a Dockerfile).
struct InputFile {
  std::string display;
  std::filesystem::path path;
  bool is_stdin = false;
  // An image source other than a Dockerfile (issue 16), when its name says
  // which (`compose.yaml`, `.github/workflows/ci.yml`, …).
  std::optional<sources::SourceKind> source;
  // A YAML file only its content can tell: Kubernetes when one of its
  // documents has `apiVersion` and `kind`, else skipped (LoadedFile::skipped).
  bool by_content = false;
  // A Dockerfile a Compose service builds: the `build.args` it is read with
  // (a --build-arg of the same name wins), and which build (`compose.yaml:
  // services.app.build`).
  std::optional<std::map<std::string, std::string, std::less<>>> build_args;
  std::string built_by;
};

// Which files a folder search reads (issue 16): --source and the
// configuration's `sources`, `include` and `exclude`. Files named on the
// command line are always read.
struct SourceSelection {
  bool dockerfiles = true;
  // Indexed by SourceKind: whether that kind is read.
  std::vector<bool> kinds = std::vector<bool>(6, true);
  // Git wildmatch globs of paths relative to the folder searched: a file
  // `include` matches is read as an image source whatever its name (by its
  // content when its name is none); `exclude` wins over everything.
  std::vector<std::string> include;
  std::vector<std::string> exclude;

  bool wants(sources::SourceKind kind) const;
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
//
// Folders also give the image sources of issue 16 that `selection` wants:
// Compose, GitHub Actions, GitLab CI, dev container and Helm values files by
// their names (source_kind_by_path), and every other `.yaml`/`.yml` file
// (`.stalebase.yaml` aside) to be classified by its content. The `templates`
// folder beside a `Chart.yaml` is not entered: Helm templates are Go
// templates, not YAML. A file given on the command line is a source when its
// name says so or, for `.yaml`/`.yml`, by its content; else a Dockerfile.
Expected<std::vector<InputFile>, std::string>
discover_inputs(const std::vector<std::string> &paths,
                const SourceSelection &selection = {});

// Whether `name` (a file name without folders) is one stalebase reads in a
// folder: `Dockerfile` and `Containerfile` with the first letter in either
// case (`dockerfile`), those after a name and a dot (`app.Dockerfile`), or
// followed by `.`, `-` or `_` and more (`Dockerfile.dev`, `Dockerfile-dev`,
// `Containerfile_prod`); but not with an extension of something else
// (`Dockerfile.md`, `Dockerfile.j2`, `Dockerfile.dockerignore`, a trailing
// `~`).
bool is_dockerfile_name(std::string_view name);

// One input after reading, parsing and reference extraction. When `error` is
// set, nothing else but `source` (possibly empty) is meaningful. A Dockerfile
// has `document` and `extraction`; an image source (`kind` set) has
// `references` and `lines` instead.
struct LoadedFile {
  InputFile input;
  std::string source;
  std::optional<dockerfile::Document> document;
  dockerfile::Extraction extraction;
  std::optional<dockerfile::ParseError> error;
  // Issue 16's sources: the kind, what the file names, and its line index
  // (for end positions).
  std::optional<sources::SourceKind> kind;
  sources::SourceExtraction references;
  dockerfile::LineIndex lines;
  // What `references` were extracted with (a Compose file's `.env`): a
  // rewrite reads the edited file again with the same options.
  sources::ExtractOptions source_options;
  // A YAML file read for its content that is no image source: why. Such a
  // file is left out of every report (-v says it was skipped).
  std::string skipped;

  bool is_source() const { return kind.has_value(); }
};

// The largest image source file read: the YAML reader's limit (16 MiB).
std::size_t max_source_size();

// What a Compose file interpolates with: the variables of the `.env` file
// beside it (parse_dotenv), none when there is no `.env` or `input` is no
// Compose file. The process environment is not used, so that a result never
// depends on the shell it ran from. Fails with an error whose message names
// the `.env` file (and the line and column of a malformed one), line 0: an
// error of the Compose file, which is then not read.
Expected<sources::ComposeEnvironment, dockerfile::ParseError>
compose_environment(const InputFile &input);

// Issue 16: the Dockerfile each Compose service of `inputs` builds (its
// `build.context` and `build.dockerfile`, from the Compose file's folder) is
// read with the service's `build.args`: the input found by the walk gets
// them, or one is added at the end when the walk did not find it (a
// Dockerfile with another name, or --source without `dockerfile`) and it lies
// in the Compose file's folder or below (never a file elsewhere). A
// Dockerfile is read once: when several services build it, the first one's
// arguments apply (-v names the others). Builds from a URL, with an
// unresolvable value, or of a Dockerfile that does not exist are left out (-v
// says why). `build.target` does not change what is read: every stage's
// references are checked.
void add_compose_builds(std::vector<InputFile> &inputs);

// Reads, parses and extracts one input. Never throws for bad input: unreadable
// files and syntax errors end up in `error`.
LoadedFile load_input(const InputFile &input,
                      const dockerfile::ExtractOptions &options);

} // namespace stalebase::workflow
