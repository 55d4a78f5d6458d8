#include "stalebase/cli/inputs.hpp"

#include "stalebase/dockerfile/parser.hpp"
#include "stalebase/util/file.hpp"

#include <algorithm>
#include <iostream>
#include <system_error>

namespace stalebase::cli {

namespace fs = std::filesystem;

bool is_dockerfile_name(std::string_view name) {
  auto starts = [&](std::string_view p) {
    return name.substr(0, p.size()) == p;
  };
  auto ends = [&](std::string_view s) {
    return name.size() >= s.size() && name.substr(name.size() - s.size()) == s;
  };
  return name == "Dockerfile" || name == "Containerfile" ||
         (ends(".Dockerfile") && name.size() > 11) ||
         (ends(".dockerfile") && name.size() > 11) ||
         (starts("Dockerfile.") && name.size() > 11) ||
         (starts("Containerfile.") && name.size() > 14);
}

namespace {

// `base` joined with `relative`, written as the user would:
// `examples/app/Dockerfile` for PATH `examples/`, `app/Dockerfile` for PATH
// `.`.
std::string display_path(const std::string &base, const fs::path &relative) {
  if (base == "." || base == "./") {
    return relative.generic_string();
  }
  std::string prefix = base;
  while (prefix.size() > 1 && prefix.back() == '/') {
    prefix.pop_back();
  }
  return prefix + "/" + relative.generic_string();
}

Expected<void, std::string> walk(const std::string &base,
                                 std::vector<InputFile> &out) {
  std::vector<InputFile> found;
  std::error_code ec;
  fs::recursive_directory_iterator it(
      base, fs::directory_options::skip_permission_denied, ec);
  if (ec) {
    return Unexpected("cannot read folder \"" + base + "\": " + ec.message());
  }
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) {
      return Unexpected("cannot read folder \"" + base + "\": " + ec.message());
    }
    const fs::directory_entry &entry = *it;
    const std::string name = entry.path().filename().string();
    std::error_code type_ec;
    if (entry.is_directory(type_ec)) {
      if (name == ".git" || entry.is_symlink(type_ec)) {
        it.disable_recursion_pending();
      }
      continue;
    }
    if (!is_dockerfile_name(name) || !entry.is_regular_file(type_ec)) {
      continue;
    }
    const fs::path relative = entry.path().lexically_relative(base);
    found.push_back({display_path(base, relative), entry.path(), false});
  }
  std::sort(found.begin(), found.end(),
            [](const InputFile &a, const InputFile &b) {
              return a.display < b.display;
            });
  out.insert(out.end(), found.begin(), found.end());
  return {};
}

} // namespace

Expected<std::vector<InputFile>, std::string>
discover_inputs(const std::vector<std::string> &paths) {
  std::vector<InputFile> inputs;
  const std::vector<std::string> given =
      paths.empty() ? std::vector<std::string>{"."} : paths;
  for (const std::string &path : given) {
    if (path == "-") {
      inputs.push_back({"-", {}, true});
      continue;
    }
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
      return Unexpected("no such file or folder: \"" + path + "\"");
    }
    if (fs::is_directory(status)) {
      if (auto ok = walk(path, inputs); !ok) {
        return Unexpected(std::move(ok).error());
      }
      continue;
    }
    inputs.push_back({path, path, false});
  }
  return inputs;
}

LoadedFile load_input(const InputFile &input,
                      const dockerfile::ExtractOptions &options) {
  LoadedFile loaded;
  loaded.input = input;
  auto bytes = input.is_stdin ? util::read_stream(std::cin)
                              : util::read_file(input.path);
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

} // namespace stalebase::cli
