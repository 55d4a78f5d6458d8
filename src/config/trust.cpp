#include "stalebase/config/trust.hpp"

#include <utility>

namespace stalebase::config {

namespace fs = std::filesystem;

std::optional<fs::path> user_config_path(const util::EnvLookup &lookup) {
  const fs::path relative = fs::path("stalebase") / "config.yaml";
  if (auto xdg = lookup("XDG_CONFIG_HOME"); xdg && !xdg->empty()) {
    return fs::path(*xdg) / relative;
  }
  if (auto home = lookup("HOME"); home && !home->empty()) {
    return fs::path(*home) / ".config" / relative;
  }
  return std::nullopt;
}

bool trust_repo_config_from_env(const util::EnvLookup &lookup) {
  const auto value = lookup(k_trust_repo_config_env);
  return value && (*value == "1" || *value == "true");
}

std::vector<std::string> drop_user_only_settings(Config &repository) {
  std::vector<std::string> dropped;
  for (auto it = repository.registries.begin();
       it != repository.registries.end();) {
    RegistryConfig &registry = it->second;
    const std::string prefix = "registries.\"" + it->first + "\".";
    const auto drop = [&](bool set, const char *key) {
      if (set) {
        dropped.push_back(prefix + key);
      }
    };
    drop(!registry.mirror.empty(), "mirror");
    drop(registry.mirror_only, "mirror-only");
    drop(registry.insecure, "insecure");
    drop(!registry.ca_file.empty(), "ca-file");
    drop(!registry.username_env.empty(), "username-env");
    drop(!registry.password_env.empty(), "password-env");
    // Every key of an entry is the user's but `skip`, which only asks less
    // (policy, like an ignore entry): nothing else of it stays.
    if (registry.skip) {
      registry = RegistryConfig{};
      registry.skip = true;
      ++it;
    } else {
      it = repository.registries.erase(it);
    }
  }
  if (repository.cache.dir) {
    dropped.emplace_back("cache.dir");
    repository.cache.dir.reset();
  }
  return dropped;
}

namespace {

// `base` with the fields `over` sets replaced.
RegistryConfig merge_registry(RegistryConfig base, const RegistryConfig &over) {
  if (!over.mirror.empty()) {
    base.mirror = over.mirror;
  }
  base.mirror_only = base.mirror_only || over.mirror_only;
  base.insecure = base.insecure || over.insecure;
  base.skip = base.skip || over.skip;
  if (!over.ca_file.empty()) {
    base.ca_file = over.ca_file;
  }
  // The variables come as a pair: one file's pair, never half of each.
  if (!over.username_env.empty()) {
    base.username_env = over.username_env;
    base.password_env = over.password_env;
  }
  return base;
}

} // namespace

Config merge_configs(const std::optional<Config> &user,
                     const std::optional<Config> &repository) {
  if (!user) {
    return repository.value_or(Config{});
  }
  if (!repository) {
    return *user;
  }
  Config merged = *repository;
  if (!merged.fail_on) {
    merged.fail_on = user->fail_on;
  }
  if (merged.platforms.empty()) {
    merged.platforms = user->platforms;
  }
  for (const auto &[name, value] : user->build_args) {
    merged.build_args.emplace(name, value); // the repository's value wins
  }
  // Rules are first-match: the repository's come first, the user's apply to
  // the images they leave.
  merged.rules.insert(merged.rules.end(), user->rules.begin(),
                      user->rules.end());
  for (const auto &[host, registry] : user->registries) {
    const auto found = merged.registries.find(host);
    merged.registries[host] = found == merged.registries.end()
                                  ? registry
                                  : merge_registry(found->second, registry);
  }
  if (user->cache.dir) {
    merged.cache.dir = user->cache.dir;
  }
  if (!merged.cache.ttl) {
    merged.cache.ttl = user->cache.ttl;
  }
  for (const auto &[kind, on] : user->sources) {
    merged.sources.emplace(kind, on); // the repository's setting wins
  }
  if (merged.include.empty()) {
    merged.include = user->include;
  }
  if (merged.exclude.empty()) {
    merged.exclude = user->exclude;
  }
  return merged;
}

} // namespace stalebase::config
