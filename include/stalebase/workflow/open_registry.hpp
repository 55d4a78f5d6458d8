#pragma once

#include "stalebase/registry/registry.hpp"

#include <functional>

namespace stalebase::workflow {

// Opens the registry the look-ups go to, when a workflow first needs it: after
// the files are read and their problems said, so that those come first. May
// throw stalebase::Error (invalid flags, missing credentials, no cache for
// --offline); the registry outlives the workflow's call.
using OpenRegistry = std::function<registry::Registry &()>;

} // namespace stalebase::workflow
