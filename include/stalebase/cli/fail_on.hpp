#pragma once

#include "stalebase/config/config.hpp"
#include "stalebase/config/policy.hpp"

#include <string>

namespace stalebase::cli {

// The policy of a run: `--fail-on` when given, else the configuration's
// `fail-on`, else the default. Throws stalebase::Error for an invalid
// `--fail-on` ("invalid --fail-on \"pach\": unknown kind or level …").
config::FailPolicy run_fail_policy(const config::Config &configuration,
                                   const std::string &fail_on);

} // namespace stalebase::cli
