#include "stalebase/config/discovery.hpp"

#include "stalebase/util/file.hpp"

#include <cstdlib>
#include <system_error>

namespace stalebase::config {

namespace fs = std::filesystem;

namespace {

constexpr const char *k_names[] = {".stalebase.yaml", ".stalebase.yml"};

// `path` made absolute against `base`, with `~/` as $HOME.
std::string resolve(const std::string &path, const fs::path &base) {
  if (path == "~" || path.rfind("~/", 0) == 0) {
    if (const char *home = std::getenv("HOME"); home != nullptr && *home) {
      return path == "~" ? std::string(home)
                         : (fs::path(home) / path.substr(2)).string();
    }
    return path;
  }
  const fs::path given(path);
  if (given.is_absolute() || base.empty()) {
    return path;
  }
  return (base / given).lexically_normal().string();
}

} // namespace

std::optional<fs::path> find_config(const fs::path &start) {
  std::error_code ec;
  fs::path folder = fs::absolute(start, ec);
  if (ec) {
    return std::nullopt;
  }
  folder = folder.lexically_normal();
  while (true) {
    for (const char *name : k_names) {
      const fs::path candidate = folder / name;
      // Anything but a folder by that name is the configuration: a named
      // pipe or a device is then refused when read, with its name, rather
      // than silently passed over (which would drop the repository's policy).
      const auto status = fs::status(candidate, ec);
      if (!ec && fs::exists(status) && !fs::is_directory(status)) {
        return candidate;
      }
    }
    const fs::path parent = folder.parent_path();
    if (parent.empty() || parent == folder) {
      return std::nullopt;
    }
    folder = parent;
  }
}

Expected<Config, ConfigError> load_config(const fs::path &path) {
  const std::string name = path.string();
  auto text = util::read_file(path);
  if (!text) {
    ConfigError error;
    error.file = name;
    error.message = "cannot read the file: " + text.error();
    return Unexpected(std::move(error));
  }
  auto config = parse_config(*text, name);
  if (!config) {
    return config;
  }
  std::error_code ec;
  fs::path base = fs::absolute(path, ec).parent_path();
  if (ec) {
    base = path.parent_path();
  }
  for (auto &[host, registry] : config->registries) {
    if (!registry.ca_file.empty()) {
      registry.ca_file = resolve(registry.ca_file, base);
    }
  }
  if (config->cache.dir) {
    config->cache.dir = resolve(*config->cache.dir, base);
  }
  return config;
}

} // namespace stalebase::config
