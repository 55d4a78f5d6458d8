#include "stalebase/workflow/inputs.hpp"

#include "stalebase/dockerfile/parser.hpp"
#include "stalebase/sources/classify.hpp"
#include "stalebase/sources/dotenv.hpp"
#include "stalebase/sources/jsonc.hpp"
#include "stalebase/util/env.hpp"
#include "stalebase/util/file.hpp"
#include "stalebase/util/gitignore.hpp"
#include "stalebase/util/shown_text.hpp"
#include "stalebase/util/strings.hpp"
#include "stalebase/util/wildmatch.hpp"

#include "sources/limits.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <iostream>
#include <set>
#include <system_error>

namespace stalebase::workflow {

namespace fs = std::filesystem;

namespace {

// `Dockerfile`, `dockerfile`, `Containerfile` or `containerfile` (Renovate's
// `[Dd]ocker` / `[Cc]ontainer`), as the whole of `text`.
bool is_base_name(std::string_view text) {
  if (text.size() != 10 && text.size() != 13) {
    return false;
  }
  const std::string_view rest = text.substr(1);
  return ((text[0] == 'D' || text[0] == 'd') && rest == "ockerfile") ||
         ((text[0] == 'C' || text[0] == 'c') && rest == "ontainerfile");
}

// Extensions of files named like Dockerfiles that are something else:
// documentation, editor and merge leftovers, templates (which need rendering
// first), scripts and data, and BuildKit's `Dockerfile.dockerignore`.
constexpr std::string_view k_other_extensions[] = {
    "adoc", "bak",      "diff",  "dockerignore", "erb",  "hbs",  "html",
    "in",   "j2",       "jinja", "jinja2",       "json", "log",  "markdown",
    "md",   "mustache", "orig",  "patch",        "ps1",  "py",   "rej",
    "rst",  "sh",       "swp",   "template",     "tmpl", "toml", "tpl",
    "txt",  "yaml",     "yml"};

bool has_other_extension(std::string_view name) {
  if (name.back() == '~') {
    return true;
  }
  const std::size_t dot = name.rfind('.');
  if (dot == std::string_view::npos) {
    return false;
  }
  const std::string extension = util::ascii_lower(name.substr(dot + 1));
  return std::find(std::begin(k_other_extensions), std::end(k_other_extensions),
                   extension) != std::end(k_other_extensions);
}

} // namespace

bool is_dockerfile_name(std::string_view name) {
  if (is_base_name(name)) {
    return true;
  }
  if (name.empty() || has_other_extension(name)) {
    return false;
  }
  // `app.Dockerfile`, `app.containerfile`: a name, a dot and a base name.
  const std::size_t dot = name.rfind('.');
  if (dot != std::string_view::npos && dot > 0 &&
      is_base_name(name.substr(dot + 1))) {
    return true;
  }
  // `Dockerfile.dev`, `Dockerfile-dev`, `containerfile_arm64`: a base name, a
  // separator and more.
  for (const std::size_t length : {std::size_t{10}, std::size_t{13}}) {
    if (name.size() > length + 1 && is_base_name(name.substr(0, length)) &&
        (name[length] == '.' || name[length] == '-' || name[length] == '_')) {
      return true;
    }
  }
  return false;
}

namespace {

// `base` joined with `relative`, written as the user would:
// `examples/app/Dockerfile` for PATH `examples/`, `app/Dockerfile` for PATH
// `.`.
// Bytes that are not UTF-8 are shown as `\xNN`, which JSON can carry.
std::string display_path(const std::string &base, const std::string &relative) {
  if (base == "." || base == "./") {
    return util::escape_invalid_utf8(relative);
  }
  std::string prefix = base;
  while (prefix.size() > 1 && prefix.back() == '/') {
    prefix.pop_back();
  }
  return util::escape_invalid_utf8(prefix + "/" + relative);
}

// A Dockerfile found in a folder, with the file it is once symbolic links are
// resolved.
struct Found {
  InputFile file;
  fs::path real;
  bool is_link = false;
};

// Whether `path` is `root` or below it (both absolute and normal).
bool is_within(const fs::path &root, const fs::path &path) {
  const auto mismatch =
      std::mismatch(root.begin(), root.end(), path.begin(), path.end());
  return mismatch.first == root.end();
}

// The `.gitignore` rules of one walked folder; `prefix` is that folder
// relative to the PATH, empty or ending in `/`.
struct IgnoreLevel {
  std::string prefix;
  util::Gitignore rules;
};

// Whether the `.gitignore` files of the folders walked so far ignore
// `relative` (relative to the PATH): the deepest file with a matching rule
// decides, as in git.
bool is_ignored(const std::vector<IgnoreLevel> &levels,
                const std::string &relative,
                bool is_folder) {
  for (auto level = levels.rbegin(); level != levels.rend(); ++level) {
    const auto ignored = level->rules.ignores(
        std::string_view(relative).substr(level->prefix.size()), is_folder);
    if (ignored) {
      return *ignored;
    }
  }
  return false;
}

bool matches_any(const std::vector<std::string> &globs,
                 std::string_view relative) {
  return std::any_of(globs.begin(), globs.end(), [&](const std::string &glob) {
    return util::wildmatch(glob, relative);
  });
}

bool is_config_name(std::string_view name) {
  return name == ".stalebase.yaml" || name == ".stalebase.yml";
}

// Whether the file at `relative` (to the PATH searched; `chart` when a
// `Chart.yaml` is beside it) is one `selection` reads, and as what (`input`'s
// `source` and `by_content`).
bool classify_found(const std::string &relative,
                    bool chart,
                    const SourceSelection &selection,
                    InputFile &input) {
  if (matches_any(selection.exclude, relative)) {
    return false;
  }
  const std::string_view name =
      std::string_view(relative).substr(relative.rfind('/') + 1);
  if (is_dockerfile_name(name)) {
    return selection.dockerfiles;
  }
  const bool included = matches_any(selection.include, relative);
  if (const auto kind = sources::source_kind_by_path(relative, chart)) {
    input.source = kind;
    return selection.wants(*kind) || included;
  }
  input.by_content = true;
  return (sources::is_yaml_path(name) && !is_config_name(name) &&
          selection.wants(sources::SourceKind::kubernetes)) ||
         included;
}

// Walks `folder` (`relative` to the PATH `base`, empty or ending in `/`; `root`
// is `base` with symbolic links resolved), adding the Dockerfiles it finds to
// `found`. Folders ignored by a `.gitignore` are not entered, so that a `!`
// rule cannot re-include a file below them (as in git). A symbolic link to a
// file outside `root` is skipped with a warning: `pin` would write there, and
// an error would show a line of a file the user never named.
Expected<void, std::string> walk_folder(const std::string &base,
                                        const fs::path &root,
                                        const fs::path &folder,
                                        const std::string &relative,
                                        const SourceSelection &selection,
                                        std::vector<IgnoreLevel> &levels,
                                        std::vector<Found> &found) {
  std::error_code ec;
  fs::directory_iterator it(folder,
                            fs::directory_options::skip_permission_denied, ec);
  if (ec) {
    if (ec == std::errc::permission_denied && !relative.empty()) {
      return {}; // an unreadable folder below the PATH is skipped
    }
    return Unexpected("cannot read folder \"" + base + "\": " + ec.message());
  }
  std::vector<fs::directory_entry> entries;
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) {
      return Unexpected("cannot read folder \"" + base + "\": " + ec.message());
    }
    entries.push_back(*it);
  }
  const bool has_rules = std::any_of(
      entries.begin(), entries.end(), [](const fs::directory_entry &entry) {
        return entry.path().filename() == ".gitignore";
      });
  const bool has_chart = std::any_of(
      entries.begin(), entries.end(), [](const fs::directory_entry &entry) {
        return entry.path().filename() == "Chart.yaml";
      });
  if (has_rules) {
    // An unreadable .gitignore is as if there were none.
    auto text = util::read_file(folder / ".gitignore");
    levels.push_back(
        {relative, util::Gitignore::parse(text ? *text : std::string())});
  }
  for (const fs::directory_entry &entry : entries) {
    const std::string name = entry.path().filename().string();
    std::error_code type_ec;
    if (entry.is_directory(type_ec)) {
      if (name == ".git" || entry.is_symlink(type_ec) ||
          is_ignored(levels, relative + name, true)) {
        continue;
      }
      if (has_chart && name == "templates") {
        spdlog::info("skipping \"{}\": the templates of a Helm chart are Go "
                     "templates, not YAML",
                     display_path(base, relative + name));
        continue;
      }
      if (auto ok = walk_folder(base, root, entry.path(), relative + name + "/",
                                selection, levels, found);
          !ok) {
        return ok;
      }
      continue;
    }
    InputFile input;
    input.display = display_path(base, relative + name);
    input.path = entry.path();
    if (!classify_found(relative + name, has_chart, selection, input) ||
        !entry.is_regular_file(type_ec) ||
        is_ignored(levels, relative + name, false)) {
      continue;
    }
    Found file{std::move(input), root / (relative + name),
               entry.is_symlink(type_ec)};
    if (file.is_link) {
      file.real = fs::canonical(entry.path(), type_ec);
      if (type_ec || !is_within(root, file.real)) {
        spdlog::warn("skipping \"{}\": a symbolic link to a file outside "
                     "\"{}\"",
                     file.file.display, base);
        continue;
      }
    }
    found.push_back(std::move(file));
  }
  if (has_rules) {
    levels.pop_back();
  }
  return {};
}

Expected<void, std::string> walk(const std::string &base,
                                 const SourceSelection &selection,
                                 std::vector<InputFile> &out) {
  std::error_code ec;
  const fs::path root = fs::canonical(base, ec);
  if (ec) {
    return Unexpected("cannot read folder \"" + base + "\": " + ec.message());
  }
  std::vector<Found> found;
  std::vector<IgnoreLevel> levels;
  if (auto ok = walk_folder(base, root, base, "", selection, levels, found);
      !ok) {
    return ok;
  }
  std::sort(found.begin(), found.end(), [](const Found &a, const Found &b) {
    return a.file.display < b.file.display;
  });
  // A file and a symbolic link to it are one file, read (and written) once:
  // under its own name, else under the first link's.
  // Without links (most trees) there is nothing to compare: the set of
  // paths costs more than reading the files' names.
  std::set<fs::path> seen;
  const bool has_links =
      std::any_of(found.begin(), found.end(),
                  [](const Found &file) { return file.is_link; });
  for (const Found &file : found) {
    if (has_links && !file.is_link) {
      seen.insert(file.real);
    }
  }
  const std::size_t before = out.size();
  for (Found &file : found) {
    if (!file.is_link || seen.insert(file.real).second) {
      out.push_back(std::move(file.file));
    }
  }
  if (out.size() == before) {
    spdlog::warn("no Dockerfiles found in \"{}\"", base);
  }
  return {};
}

// A file given on the command line: a source when its name says so, or by
// its content for YAML; else a Dockerfile.
void classify_given(InputFile &input) {
  const std::string path = input.path.generic_string();
  std::error_code ec;
  const bool chart =
      fs::exists(input.path.parent_path() / "Chart.yaml", ec) && !ec;
  const std::string_view name =
      std::string_view(path).substr(path.rfind('/') + 1);
  if (is_dockerfile_name(name)) {
    return;
  }
  input.source = sources::source_kind_by_path(path, chart);
  input.by_content = !input.source && sources::is_yaml_path(name);
}

} // namespace

bool SourceSelection::wants(sources::SourceKind kind) const {
  const auto index = static_cast<std::size_t>(kind);
  return index < kinds.size() && kinds[index];
}

Expected<std::vector<InputFile>, std::string>
discover_inputs(const std::vector<std::string> &paths,
                const SourceSelection &selection) {
  std::vector<InputFile> inputs;
  const std::vector<std::string> given =
      paths.empty() ? std::vector<std::string>{"."} : paths;
  for (const std::string &path : given) {
    if (path == "-") {
      InputFile input;
      input.display = "-";
      input.is_stdin = true;
      inputs.push_back(std::move(input));
      continue;
    }
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
      return Unexpected("no such file or folder: \"" + path + "\"");
    }
    if (fs::is_directory(status)) {
      if (auto ok = walk(path, selection, inputs); !ok) {
        return Unexpected(std::move(ok).error());
      }
      continue;
    }
    InputFile input;
    input.display = util::escape_invalid_utf8(path);
    input.path = path;
    classify_given(input);
    inputs.push_back(std::move(input));
  }
  return inputs;
}

std::size_t max_source_size() {
  return sources::detail::k_max_file_size;
}

Expected<sources::ComposeEnvironment, dockerfile::ParseError>
compose_environment(const InputFile &input) {
  if (input.is_stdin || input.source != sources::SourceKind::compose) {
    return sources::ComposeEnvironment{};
  }
  const fs::path path = input.path.parent_path() / ".env";
  const std::string display = util::escape_invalid_utf8(
      (fs::path(input.display).parent_path() / ".env").generic_string());
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    return sources::ComposeEnvironment{}; // no .env: nothing set
  }
  auto text = util::read_regular_file(path, max_source_size());
  if (!text) {
    return Unexpected(dockerfile::ParseError{
        "cannot read \"" + display + "\": " + text.error(), 0, 0});
  }
  // No process environment: a result never depends on the caller's shell.
  auto parsed = sources::parse_dotenv(*text, {});
  if (!parsed) {
    return Unexpected(dockerfile::ParseError{
        sources::format_error(display, parsed.error()), 0, 0});
  }
  return std::move(*parsed);
}

namespace {

// Whether `text`, which is not valid YAML, has lines that begin with
// `apiVersion:` and `kind:` and no template (`{{`): a broken Kubernetes
// manifest is an error, not a file to pass over (which would hide its images).
bool looks_like_manifest(std::string_view text) {
  if (text.find("{{") != std::string_view::npos) {
    return false;
  }
  const auto has_line = [&](std::string_view key) {
    return text.starts_with(key) ||
           text.find("\n" + std::string(key)) != std::string_view::npos;
  };
  return has_line("apiVersion:") && has_line("kind:");
}

// Reads an image source (issue 16): its kind by name, or Kubernetes by its
// content, else `skipped`.
LoadedFile load_source(const InputFile &input) {
  LoadedFile loaded;
  loaded.input = input;
  auto bytes = util::read_regular_file(input.path, max_source_size());
  if (!bytes) {
    loaded.error =
        dockerfile::ParseError{"cannot read file: " + bytes.error(), 0, 0};
    return loaded;
  }
  loaded.source = std::move(*bytes);
  const bool json = input.source == sources::SourceKind::devcontainer;
  auto stream = json ? sources::parse_jsonc(loaded.source)
                     : sources::parse_yaml(loaded.source);
  if (!stream) {
    if (input.by_content && !looks_like_manifest(loaded.source)) {
      // Not YAML (a template): no more an image source than a README.
      loaded.skipped = "not valid YAML at line " +
                       std::to_string(stream.error().line) + ", column " +
                       std::to_string(stream.error().column) + ": " +
                       stream.error().message;
      return loaded;
    }
    loaded.error = std::move(stream).error();
    return loaded;
  }
  sources::SourceKind kind = sources::SourceKind::kubernetes;
  if (input.source) {
    kind = *input.source;
  } else if (auto found = sources::classify_yaml_documents(*stream); found) {
    kind = *found;
  } else {
    loaded.skipped = std::move(found).error();
    return loaded;
  }
  auto env = compose_environment(input);
  if (!env) {
    loaded.error = std::move(env).error();
    return loaded;
  }
  loaded.source_options.compose_env = std::move(*env);
  loaded.kind = kind;
  loaded.references =
      sources::extract_stream(kind, *stream, loaded.source_options);
  loaded.lines = stream->lines();
  return loaded;
}

} // namespace

namespace {

// The Dockerfile `build` names, relative to the Compose file `compose`'s
// folder; none for a URL context.
std::optional<fs::path> built_dockerfile(const InputFile &compose,
                                         const sources::ComposeBuild &build) {
  if (build.context.find("://") != std::string::npos ||
      build.context.starts_with("git@")) {
    return std::nullopt;
  }
  const fs::path dockerfile(build.dockerfile.empty() ? "Dockerfile"
                                                     : build.dockerfile);
  if (dockerfile.is_absolute()) {
    return dockerfile.lexically_normal();
  }
  return (compose.path.parent_path() / build.context / dockerfile)
      .lexically_normal();
}

// `path` as the file it is (symbolic links resolved), for comparing.
fs::path real_path(const fs::path &path) {
  std::error_code ec;
  fs::path real = fs::weakly_canonical(path, ec);
  return ec ? path.lexically_normal() : real;
}

} // namespace

void add_compose_builds(std::vector<InputFile> &inputs) {
  std::vector<InputFile> added;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (inputs[i].source != sources::SourceKind::compose) {
      continue;
    }
    const InputFile compose = inputs[i]; // `inputs` may grow below
    const LoadedFile loaded = load_source(compose);
    for (const sources::ComposeBuild &build : loaded.references.builds) {
      const std::string by = compose.display + ": " + build.yaml_path;
      if (build.unresolvable) {
        spdlog::info("{}: not read: {}", by, *build.unresolvable);
        continue;
      }
      const auto path = built_dockerfile(compose, build);
      std::error_code ec;
      if (!path || !fs::is_regular_file(*path, ec)) {
        spdlog::info("{}: no Dockerfile to read{}", by,
                     path ? " at \"" + path->generic_string() + "\"" : "");
        continue;
      }
      const fs::path real = real_path(*path);
      auto same = [&](const InputFile &input) {
        return !input.is_stdin && !input.source && !input.by_content &&
               real_path(input.path) == real;
      };
      auto found = std::find_if(inputs.begin(), inputs.end(), same);
      if (found == inputs.end()) {
        found = std::find_if(added.begin(), added.end(), same);
        if (found == added.end() &&
            !is_within(real_path(fs::absolute(compose.path, ec).parent_path()),
                       real)) {
          // A repository's Compose file must not make stalebase read (or
          // pin write) a file elsewhere, nor show its lines in an error.
          spdlog::info("{}: \"{}\" is outside the Compose file's folder and "
                       "not among the files searched: not read",
                       by, path->generic_string());
          continue;
        }
        if (found == added.end()) {
          InputFile input;
          input.path = *path;
          input.display = util::escape_invalid_utf8(
              (fs::path(compose.display).parent_path() / build.context /
               (build.dockerfile.empty() ? "Dockerfile" : build.dockerfile))
                  .lexically_normal()
                  .generic_string());
          added.push_back(std::move(input));
          found = added.end() - 1;
        }
      }
      if (found->build_args) {
        if (*found->build_args != build.args) {
          spdlog::info("{}: {} is read with the arguments of {}", by,
                       found->display, found->built_by);
        }
        continue;
      }
      found->build_args.emplace(build.args.begin(), build.args.end());
      found->built_by = by;
    }
  }
  for (InputFile &input : added) {
    inputs.push_back(std::move(input));
  }
}

LoadedFile load_input(const InputFile &input,
                      const dockerfile::ExtractOptions &options) {
  if (input.source || input.by_content) {
    return load_source(input);
  }
  if (input.build_args) {
    dockerfile::ExtractOptions built = options;
    for (const auto &[name, value] : *input.build_args) {
      // A --build-arg wins, as with `docker compose build --build-arg`.
      built.build_args.emplace(name, value);
    }
    InputFile plain = input;
    plain.build_args.reset();
    return load_input(plain, built);
  }
  LoadedFile loaded;
  loaded.input = input;
  auto bytes = input.is_stdin
                   ? util::read_stream(std::cin, k_max_dockerfile_size)
                   : util::read_regular_file(input.path, k_max_dockerfile_size);
  if (!bytes) {
    loaded.error =
        dockerfile::ParseError{"cannot read file: " + bytes.error(), 0, 0};
    return loaded;
  }
  loaded.source = std::move(*bytes);
  auto document = dockerfile::parse_dockerfile(loaded.source);
  if (!document) {
    loaded.error = std::move(document).error();
    return loaded;
  }
  auto extraction = dockerfile::extract_references(*document, options);
  if (!extraction) {
    loaded.error = std::move(extraction).error();
    return loaded;
  }
  loaded.document = std::move(*document);
  loaded.extraction = std::move(*extraction);
  return loaded;
}

} // namespace stalebase::workflow
