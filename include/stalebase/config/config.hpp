#pragma once

// `.stalebase.yaml`: the settings of `check` and the other look-up commands
// (docs/configuration.md). Command-line flags beat the file; merging is the
// caller's job.

#include "stalebase/check/finding.hpp"
#include "stalebase/config/date.hpp"
#include "stalebase/config/policy.hpp"
#include "stalebase/reference/platform.hpp"
#include "stalebase/util/expected.hpp"
#include "stalebase/version/compare.hpp"

#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stalebase::config {

// An `ignore` entry: findings about matching images are not reported.
struct IgnoreRule {
  std::string image;                     // image pattern (pattern.hpp)
  std::optional<std::string> tag;        // tag glob; none: any tag
  std::vector<check::FindingKind> kinds; // empty: every kind
  std::string reason;                    // required, never empty
  std::optional<Date> until;             // the last day it applies
  std::size_t line = 0;                  // of the entry in the file, 1-based
  friend bool operator==(const IgnoreRule &, const IgnoreRule &) = default;
};

// A `rules` entry: what to propose for matching images.
struct ImageRule {
  std::string image = "*"; // image pattern
  // The largest update to propose: patch, minor or major (major includes
  // Windows OS changes).
  version::UpdateLevel max_level = version::UpdateLevel::major;
  // Whether prerelease tags may be proposed (by default only when the current
  // tag is one).
  bool prereleases = false;
  // Whether `update` may move to another OS variant of the tag's family when
  // its variant ended (`variant-ended`), as `update --variant` does.
  bool variant = false;
  friend bool operator==(const ImageRule &, const ImageRule &) = default;
};

// A `registries` entry.
struct RegistryConfig {
  std::string mirror;    // `http(s)://host[:port][/path]`; empty: none
  bool insecure = false; // plain HTTP, or HTTPS without verifying
  std::string ca_file;   // PEM bundle; empty: the system's
  // Names of environment variables holding the credentials (never the
  // credentials themselves); both set or both empty.
  std::string username_env;
  std::string password_env;
  // Never asked: its references are not looked up (nor rewritten).
  bool skip = false;
  bool mirror_only = false; // never the registry itself (needs `mirror`)
  friend bool operator==(const RegistryConfig &,
                         const RegistryConfig &) = default;
};

struct CacheConfig {
  std::optional<std::string> dir;
  std::optional<std::chrono::seconds> ttl;
  friend bool operator==(const CacheConfig &, const CacheConfig &) = default;
};

struct Config {
  std::string file; // the name given to parse_config, for messages
  std::optional<FailPolicy> fail_on;          // none: the default policy
  std::vector<reference::Platform> platforms; // as parse_platform gives them
  std::map<std::string, std::string> build_args;
  std::vector<IgnoreRule> ignores; // in file order
  std::vector<ImageRule> rules;    // in file order
  // By registry host, lower-cased, Docker Hub's names as `docker.io`.
  std::map<std::string, RegistryConfig> registries;
  CacheConfig cache;
  // `sources`: the kinds of file a folder search reads (issue 16), by name
  // (`dockerfile`, `compose`, `kubernetes`, `github-actions`, `gitlab-ci`,
  // `devcontainer`, `helm-values`): false turns one off, a kind not named is
  // on.
  std::map<std::string, bool> sources;
  // `include` / `exclude`: git wildmatch globs of paths relative to the folder
  // searched. A file an `include` glob matches is read as an image source
  // even when its name is not one (classified by its content: Kubernetes);
  // a file an `exclude` glob matches is never read.
  std::vector<std::string> include;
  std::vector<std::string> exclude;
  friend bool operator==(const Config &, const Config &) = default;
};

// An error in a configuration file. `line` and `column` are 1-based, 0 when
// the error is about the whole file (it cannot be read).
struct ConfigError {
  std::string file;
  std::size_t line = 0;
  std::size_t column = 0;
  std::string message; // lower-case, no final period

  // `file:line:column: error: message`, or `file: error: message` without a
  // line.
  std::string to_string() const;
  friend bool operator==(const ConfigError &, const ConfigError &) = default;
};

// Parses the text of a `.stalebase.yaml`; `file_name` is only used in
// messages. Pure. An empty or comments-only file is an empty Config, and an
// empty section (`ignore:` with nothing under it) is no section. Fails on
// invalid YAML, unknown keys ("unknown key \"fail_on\", did you mean
// \"fail-on\"?"; inside a section: "unknown key \"tll\" in \"cache\", did you
// mean \"ttl\"?"), duplicate keys, wrong types ("expected a list of strings
// for \"platforms\", found a map") and invalid values ("invalid \"until\":
// expected a date as YYYY-MM-DD, found \"soon\""), each at the line and
// column of the offending key or value.
Expected<Config, ConfigError> parse_config(std::string_view yaml_text,
                                           std::string_view file_name);

} // namespace stalebase::config
