#include "global_args.hpp"

#include "stalebase/reference/platform.hpp"

#include "error_at.hpp"

namespace stalebase::dockerfile::detail {

namespace {

void set_platform_args(Environment &env,
                       const std::string &prefix,
                       const reference::Platform &platform) {
  env[prefix + "PLATFORM"] = TrackedString::untracked(platform.to_string());
  env[prefix + "OS"] = TrackedString::untracked(platform.os);
  env[prefix + "ARCH"] = TrackedString::untracked(platform.architecture);
  env[prefix + "VARIANT"] = TrackedString::untracked(platform.variant);
  env[prefix + "OSVERSION"] = TrackedString::untracked(platform.os_version);
}

} // namespace

Expected<Environment, ParseError>
automatic_args(const ExtractOptions &options) {
  const auto build = reference::parse_platform(options.build_platform);
  if (!build) {
    return Unexpected(
        ParseError{"invalid build platform: " + build.error(), 0, 0});
  }
  const std::string &target_text = options.target_platform.empty()
                                       ? options.build_platform
                                       : options.target_platform;
  const auto target = reference::parse_platform(target_text);
  if (!target) {
    return Unexpected(
        ParseError{"invalid --platform: " + target.error(), 0, 0});
  }
  Environment env;
  set_platform_args(env, "BUILD", *build);
  set_platform_args(env, "TARGET", *target);
  env["TARGETSTAGE"] = TrackedString::untracked("default");
  // A --build-arg of an automatic ARG's name replaces it even without a
  // declaration.
  for (auto &[name, value] : env) {
    if (const auto it = options.build_args.find(name);
        it != options.build_args.end()) {
      value = TrackedString::untracked(it->second);
    }
  }
  return env;
}

const Expected<Environment, ParseError> &
cached_automatic_args(const ExtractOptions &options) {
  struct Cache {
    ExtractOptions options;
    Expected<Environment, ParseError> args = Environment{};
    bool valid = false;
  };
  thread_local Cache cache;
  if (!cache.valid || cache.options.build_platform != options.build_platform ||
      cache.options.target_platform != options.target_platform ||
      cache.options.build_args != options.build_args) {
    cache.valid = false;
    cache.options = options;
    cache.args = automatic_args(options);
    cache.valid = true;
  }
  return cache.args;
}

Expected<void, ParseError> declare_global_arg(const Document &document,
                                              const Instruction &arg,
                                              const ExtractOptions &options,
                                              const ShellLexer &lexer,
                                              Environment &env) {
  for (const TrackedString &word : arg.args) {
    const std::size_t equals = word.text.find('=');
    const std::string name = word.text.substr(0, equals);
    if (name.empty()) {
      return Unexpected(
          error_at(document, arg, &word, "ARG names can not be blank"));
    }
    if (const auto it = options.build_args.find(name);
        it != options.build_args.end()) {
      env[name] = TrackedString::untracked(it->second);
      continue;
    }
    if (equals == std::string::npos) {
      // Declared without a default: stays unset unless it is an automatic ARG
      // or was set by an earlier declaration.
      continue;
    }
    auto expanded = lexer.expand(word.substr(equals + 1), env);
    if (!expanded) {
      return Unexpected(error_at(document, arg, &word, expanded.error()));
    }
    env[name] = std::move(expanded->value);
  }
  return {};
}

} // namespace stalebase::dockerfile::detail
