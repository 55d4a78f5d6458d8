#include "stalebase/cli/fail_on.hpp"

#include "stalebase/util/error.hpp"

namespace stalebase::cli {

config::FailPolicy run_fail_policy(const config::Config &configuration,
                                   const std::string &fail_on) {
  if (fail_on.empty()) {
    return configuration.fail_on.value_or(config::FailPolicy::default_policy());
  }
  auto parsed = config::parse_fail_on(fail_on);
  if (!parsed) {
    throw Error("invalid --fail-on \"" + fail_on + "\": " + parsed.error());
  }
  return *parsed;
}

} // namespace stalebase::cli
