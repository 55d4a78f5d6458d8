#include "stalebase/config/config.hpp"

#include "stalebase/config/duration.hpp"
#include "stalebase/config/pattern.hpp"
#include "stalebase/reference/registry_host.hpp"
#include "stalebase/sources/source_reference.hpp"
#include "stalebase/util/spellcheck.hpp"
#include "stalebase/util/strings.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <set>
#include <utility>

namespace stalebase::config {

namespace {

using Node = YAML::Node;

// Thrown inside this file only, from deep in the walk over the document, and
// turned into the Expected that parse_config returns: the walk is a dozen
// small functions, and threading an Expected through each would bury them.
struct Failure {
  ConfigError error;
};

std::string quoted(std::string_view text) {
  return "\"" + std::string(text) + "\"";
}

// The comma-separated words of `text`, blanks around them dropped (empty
// words stay, for the caller to reject).
std::vector<std::string> split_commas(std::string_view text) {
  std::vector<std::string> words;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    words.emplace_back(util::trim(text.substr(start, comma - start)));
    if (comma == text.size()) {
      return words;
    }
    start = comma + 1;
  }
}

// A key and its value, as written.
struct Entry {
  Node key;
  Node value;
};

class Parser {
public:
  explicit Parser(std::string_view file) : m_file(file) {}

  Config parse(const Node &root) {
    Config config;
    config.file = m_file;
    if (root.IsNull()) {
      return config;
    }
    if (!root.IsMap()) {
      fail(root, "expected a map of settings at the top of the file, found " +
                     describe(root));
    }
    const auto entries =
        keys(root,
             {"fail-on", "platforms", "build-args", "ignore", "rules",
              "registries", "cache", "sources", "include", "exclude"},
             "");
    for (const auto &[name, entry] : entries) {
      // A section left empty (everything under `ignore:` commented out) is
      // no section; an empty `fail-on:` is an error, as it would read as
      // "none" to some and "default" to others.
      if (entry.value.IsNull() && name != "fail-on") {
        continue;
      }
      if (name == "fail-on") {
        config.fail_on = fail_on(entry);
      } else if (name == "platforms") {
        config.platforms = platforms(entry);
      } else if (name == "build-args") {
        config.build_args = build_args(entry);
      } else if (name == "ignore") {
        config.ignores = ignores(entry);
      } else if (name == "rules") {
        config.rules = rules(entry);
      } else if (name == "registries") {
        config.registries = registries(entry);
      } else if (name == "cache") {
        config.cache = cache(entry);
      } else if (name == "sources") {
        config.sources = sources(entry);
      } else if (name == "include" || name == "exclude") {
        (name == "include" ? config.include : config.exclude) = globs(entry);
      }
    }
    return config;
  }

  ConfigError error_at(const YAML::Mark &mark, std::string message) const {
    ConfigError error;
    error.file = m_file;
    if (!mark.is_null()) {
      error.line = static_cast<std::size_t>(mark.line) + 1;
      error.column = static_cast<std::size_t>(mark.column) + 1;
    }
    error.message = std::move(message);
    return error;
  }

private:
  std::string m_file;
  // Where the key of the value being read is: the position for empty values.
  YAML::Mark m_last_key_mark = YAML::Mark::null_mark();

  [[noreturn]] void fail(const Node &node, std::string message) const {
    YAML::Mark mark = node.Mark();
    // An empty value's mark is where the next token starts (often the next
    // line), so empty values are reported at their key.
    if (mark.is_null() || (node.IsNull() && !m_last_key_mark.is_null())) {
      mark = m_last_key_mark;
    }
    throw Failure{error_at(mark, std::move(message))};
  }

  static std::string describe(const Node &node) {
    switch (node.Type()) {
    case YAML::NodeType::Map:
      return "a map";
    case YAML::NodeType::Sequence:
      return node.size() == 0 ? "an empty list" : "a list";
    case YAML::NodeType::Scalar:
      return quoted(node.Scalar());
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      break;
    }
    return "nothing";
  }

  static std::string one_of(const std::vector<std::string> &words) {
    std::string result;
    for (std::size_t i = 0; i < words.size(); ++i) {
      if (i > 0) {
        result += i + 1 == words.size() ? " or " : ", ";
      }
      result += words[i];
    }
    return result;
  }

  // The entries of `map`, by key, after checking that every key is a known,
  // unique string. `context` names the section for messages: "" at the top,
  // `"cache"`, `an "ignore" entry`, ...
  std::vector<std::pair<std::string, Entry>>
  keys(const Node &map,
       const std::vector<std::string> &allowed,
       const std::string &context) {
    std::vector<std::pair<std::string, Entry>> result;
    std::set<std::string> seen;
    for (auto it = map.begin(); it != map.end(); ++it) {
      const Node key = it->first;
      if (!key.IsScalar()) {
        fail(key, "expected a key, found " + describe(key));
      }
      const std::string &name = key.Scalar();
      const std::string where = context.empty() ? "" : " in " + context;
      if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
        if (auto suggestion = util::closest_match(name, allowed)) {
          fail(key, "unknown key " + quoted(name) + where + ", did you mean " +
                        quoted(*suggestion) + "?");
        }
        fail(key, "unknown key " + quoted(name) + where + ": expected " +
                      one_of(allowed));
      }
      if (!seen.insert(name).second) {
        fail(key, "duplicate key " + quoted(name) + where);
      }
      result.emplace_back(name, Entry{key, it->second});
    }
    return result;
  }

  const Node &value(const Entry &entry) {
    m_last_key_mark = entry.key.Mark();
    return entry.value;
  }

  std::string string(const Entry &entry) {
    const Node &node = value(entry);
    if (!node.IsScalar()) {
      fail(node, "expected a string for " + quoted(entry.key.Scalar()) +
                     ", found " + describe(node));
    }
    return node.Scalar();
  }

  std::string non_empty_string(const Entry &entry) {
    std::string text = string(entry);
    if (text.empty()) {
      fail(entry.value, quoted(entry.key.Scalar()) + " must not be empty");
    }
    return text;
  }

  bool boolean(const Entry &entry) {
    const Node &node = value(entry);
    if (node.IsScalar()) {
      const std::string &text = node.Scalar();
      if (text == "true" || text == "True" || text == "TRUE") {
        return true;
      }
      if (text == "false" || text == "False" || text == "FALSE") {
        return false;
      }
    }
    fail(node, "expected true or false for " + quoted(entry.key.Scalar()) +
                   ", found " + describe(node));
  }

  // A list of strings, or a single string standing for a list of one.
  std::vector<Node> string_list(const Entry &entry, std::string_view what) {
    const Node &node = value(entry);
    std::vector<Node> items;
    if (node.IsScalar()) {
      items.push_back(node);
    } else if (node.IsSequence() && node.size() > 0) {
      for (const Node &item : node) {
        if (!item.IsScalar()) {
          fail(item, "expected " + std::string(what) + " in " +
                         quoted(entry.key.Scalar()) + ", found " +
                         describe(item));
        }
        items.push_back(item);
      }
    } else {
      fail(node, "expected a list of " + std::string(what) + " for " +
                     quoted(entry.key.Scalar()) + ", found " + describe(node));
    }
    return items;
  }

  void check_map(const Entry &entry, const std::string &what) {
    const Node &node = value(entry);
    if (!node.IsMap()) {
      fail(node, "expected a map for " + what + ", found " + describe(node));
    }
  }

  FailPolicy fail_on(const Entry &entry) {
    const std::vector<Node> items = string_list(entry, "kinds or levels");
    FailPolicy policy;
    for (const Node &item : items) {
      const auto parsed = parse_fail_on(item.Scalar());
      if (!parsed) {
        fail(item, "invalid \"fail-on\": " + parsed.error());
      }
      if (items.size() > 1 && item.Scalar() == "none") {
        fail(item, "\"none\" cannot be combined with other kinds or levels "
                   "in \"fail-on\"");
      }
      for (check::FindingKind kind : parsed->kinds()) {
        policy.add(kind);
      }
    }
    return policy;
  }

  // `sources: {kubernetes: false}`: each key a source kind, each value a
  // boolean.
  std::map<std::string, bool> sources(const Entry &entry) {
    check_map(entry, "\"sources\"");
    std::vector<std::string> kinds{"dockerfile"};
    for (const std::string_view kind : sources::all_source_kind_names()) {
      kinds.emplace_back(kind);
    }
    std::map<std::string, bool> result;
    for (const auto &[name, kind] : keys(entry.value, kinds, "\"sources\"")) {
      result[name] = boolean(kind);
    }
    return result;
  }

  std::vector<std::string> globs(const Entry &entry) {
    std::vector<std::string> result;
    for (const Node &item : string_list(entry, "globs")) {
      if (item.Scalar().empty()) {
        fail(item, "expected a glob in " + quoted(entry.key.Scalar()) +
                       ", found an empty string");
      }
      result.push_back(item.Scalar());
    }
    return result;
  }

  std::vector<reference::Platform> platforms(const Entry &entry) {
    std::vector<reference::Platform> result;
    for (const Node &item : string_list(entry, "strings")) {
      auto platform = reference::parse_platform(item.Scalar());
      if (!platform) {
        fail(item, "invalid \"platforms\": " + platform.error());
      }
      result.push_back(std::move(*platform));
    }
    return result;
  }

  std::map<std::string, std::string> build_args(const Entry &entry) {
    check_map(entry, "\"build-args\"");
    std::map<std::string, std::string> result;
    for (auto it = entry.value.begin(); it != entry.value.end(); ++it) {
      const Node key = it->first;
      if (!key.IsScalar() || key.Scalar().empty()) {
        fail(key, "expected a build arg name in \"build-args\", found " +
                      describe(key));
      }
      const Node arg_value = it->second;
      m_last_key_mark = key.Mark();
      if (!arg_value.IsScalar()) {
        fail(arg_value, "expected a string for " + quoted(key.Scalar()) +
                            " in \"build-args\", found " + describe(arg_value));
      }
      if (!result.emplace(key.Scalar(), arg_value.Scalar()).second) {
        fail(key,
             "duplicate key " + quoted(key.Scalar()) + " in \"build-args\"");
      }
    }
    return result;
  }

  // The entries of a list of maps (`ignore`, `rules`).
  std::vector<Node> map_list(const Entry &entry) {
    const Node &node = value(entry);
    const std::string name = entry.key.Scalar();
    if (!node.IsSequence()) {
      fail(node, "expected a list of maps for " + quoted(name) + ", found " +
                     describe(node));
    }
    std::vector<Node> items;
    for (const Node &item : node) {
      if (!item.IsMap()) {
        fail(item, "expected a map for each " + quoted(name) +
                       " entry, found " + describe(item));
      }
      items.push_back(item);
    }
    return items;
  }

  std::string image_pattern(const Entry &entry) {
    std::string pattern = string(entry);
    if (auto checked = check_image_pattern(pattern); !checked) {
      fail(entry.value, checked.error());
    }
    return pattern;
  }

  std::vector<IgnoreRule> ignores(const Entry &entry) {
    std::vector<IgnoreRule> result;
    for (const Node &item : map_list(entry)) {
      IgnoreRule rule;
      rule.line = static_cast<std::size_t>(item.Mark().line) + 1;
      bool has_image = false;
      bool has_reason = false;
      for (const auto &[name, field] :
           keys(item, {"image", "tag", "kinds", "reason", "until"},
                "an \"ignore\" entry")) {
        if (name == "image") {
          rule.image = image_pattern(field);
          has_image = true;
        } else if (name == "tag") {
          rule.tag = non_empty_string(field);
        } else if (name == "kinds") {
          for (const Node &words : string_list(field, "finding kinds")) {
            for (const std::string &word : split_commas(words.Scalar())) {
              if (word.empty()) {
                fail(words, "invalid \"kinds\": empty word in " +
                                quoted(words.Scalar()));
              }
              auto kind = parse_kind_word(word);
              if (!kind) {
                fail(words, "invalid \"kinds\": " + kind.error());
              }
              if (std::find(rule.kinds.begin(), rule.kinds.end(), *kind) ==
                  rule.kinds.end()) {
                rule.kinds.push_back(*kind);
              }
            }
          }
        } else if (name == "reason") {
          rule.reason = non_empty_string(field);
          has_reason = true;
        } else if (name == "until") {
          auto date = parse_date(string(field));
          if (!date) {
            fail(field.value, "invalid \"until\": " + date.error());
          }
          rule.until = *date;
        }
      }
      if (!has_image) {
        fail(item, "missing \"image\" in an \"ignore\" entry");
      }
      if (!has_reason) {
        fail(item, "missing \"reason\" in the \"ignore\" entry for " +
                       quoted(rule.image) + ": say why it is ignored");
      }
      result.push_back(std::move(rule));
    }
    return result;
  }

  std::vector<ImageRule> rules(const Entry &entry) {
    std::vector<ImageRule> result;
    for (const Node &item : map_list(entry)) {
      ImageRule rule;
      bool has_image = false;
      for (const auto &[name, field] :
           keys(item, {"image", "max-level", "prereleases", "variant"},
                "a \"rules\" entry")) {
        if (name == "image") {
          rule.image = image_pattern(field);
          has_image = true;
        } else if (name == "max-level") {
          const std::string level = string(field);
          if (level == "patch") {
            rule.max_level = version::UpdateLevel::patch;
          } else if (level == "minor") {
            rule.max_level = version::UpdateLevel::minor;
          } else if (level == "major") {
            rule.max_level = version::UpdateLevel::major;
          } else {
            fail(field.value,
                 "expected patch, minor or major for \"max-level\", found " +
                     quoted(level));
          }
        } else if (name == "prereleases") {
          rule.prereleases = boolean(field);
        } else if (name == "variant") {
          rule.variant = boolean(field);
        }
      }
      if (!has_image) {
        fail(item, "missing \"image\" in a \"rules\" entry");
      }
      result.push_back(std::move(rule));
    }
    return result;
  }

  static bool is_env_name(std::string_view name) {
    if (name.empty() || (name[0] >= '0' && name[0] <= '9')) {
      return false;
    }
    return std::all_of(name.begin(), name.end(), [](char c) {
      return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
             (c >= '0' && c <= '9') || c == '_';
    });
  }

  std::string env_name(const Entry &entry) {
    std::string name = string(entry);
    if (!is_env_name(name)) {
      fail(entry.value, "expected the name of an environment variable for " +
                            quoted(entry.key.Scalar()) + ", found " +
                            quoted(name));
    }
    return name;
  }

  static std::string host_key(std::string_view host) {
    return reference::registry_key(host);
  }

  std::map<std::string, RegistryConfig> registries(const Entry &entry) {
    check_map(entry, "\"registries\"");
    std::map<std::string, RegistryConfig> result;
    std::map<std::string, std::string> written; // key → host as written
    for (auto it = entry.value.begin(); it != entry.value.end(); ++it) {
      const Node key = it->first;
      if (!key.IsScalar() || key.Scalar().empty()) {
        fail(key, "expected a registry host in \"registries\", found " +
                      describe(key));
      }
      const std::string &host = key.Scalar();
      if (host.find('/') != std::string::npos ||
          host.find_first_of(" \t") != std::string::npos) {
        fail(key, "invalid registry host " + quoted(host) +
                      ": expected host[:port] without a scheme or path");
      }
      const std::string normalised = host_key(host);
      if (auto seen = written.find(normalised); seen != written.end()) {
        fail(key, "duplicate registry " + quoted(host) +
                      (seen->second == host ? std::string()
                                            : " (already configured as " +
                                                  quoted(seen->second) + ")"));
      }
      written.emplace(normalised, host);
      const Entry registry{key, it->second};
      check_map(registry, "registry " + quoted(host));
      RegistryConfig config;
      for (const auto &[name, field] :
           keys(registry.value,
                {"mirror", "mirror-only", "insecure", "ca-file", "username-env",
                 "password-env", "skip"},
                "registry " + quoted(host))) {
        if (name == "mirror") {
          config.mirror = string(field);
          if (config.mirror.rfind("http://", 0) != 0 &&
              config.mirror.rfind("https://", 0) != 0) {
            fail(field.value, "invalid \"mirror\": expected a URL starting "
                              "with http:// or https://, found " +
                                  quoted(config.mirror));
          }
        } else if (name == "mirror-only") {
          config.mirror_only = boolean(field);
        } else if (name == "insecure") {
          config.insecure = boolean(field);
        } else if (name == "ca-file") {
          config.ca_file = non_empty_string(field);
        } else if (name == "username-env") {
          config.username_env = env_name(field);
        } else if (name == "password-env") {
          config.password_env = env_name(field);
        } else if (name == "skip") {
          config.skip = boolean(field);
        }
      }
      if (config.mirror_only && config.mirror.empty()) {
        fail(key, "registry " + quoted(host) +
                      " has \"mirror-only\" but no \"mirror\"");
      }
      if (config.username_env.empty() != config.password_env.empty()) {
        fail(key, "registry " + quoted(host) + " needs both " +
                      "\"username-env\" and \"password-env\", or neither");
      }
      result.emplace(normalised, std::move(config));
    }
    return result;
  }

  CacheConfig cache(const Entry &entry) {
    check_map(entry, "\"cache\"");
    CacheConfig result;
    for (const auto &[name, field] :
         keys(entry.value, {"dir", "ttl"}, "\"cache\"")) {
      if (name == "dir") {
        result.dir = non_empty_string(field);
      } else if (name == "ttl") {
        auto ttl = parse_duration(string(field));
        if (!ttl) {
          fail(field.value, "invalid \"ttl\": " + ttl.error());
        }
        result.ttl = std::chrono::duration_cast<std::chrono::seconds>(*ttl);
      }
    }
    return result;
  }
};

} // namespace

std::string ConfigError::to_string() const {
  if (line == 0) {
    return file + ": error: " + message;
  }
  return file + ":" + std::to_string(line) + ":" + std::to_string(column) +
         ": error: " + message;
}

Expected<Config, ConfigError> parse_config(std::string_view yaml_text,
                                           std::string_view file_name) {
  Parser parser(file_name);
  try {
    const Node root = YAML::Load(std::string(yaml_text));
    return parser.parse(root);
  } catch (const Failure &failure) {
    return Unexpected(failure.error);
  } catch (const YAML::Exception &error) {
    return Unexpected(
        parser.error_at(error.mark, "invalid YAML: " + error.msg));
  }
}

} // namespace stalebase::config
