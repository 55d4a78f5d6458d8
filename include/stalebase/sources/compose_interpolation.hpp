#pragma once

#include "stalebase/dockerfile/source_span.hpp"
#include "stalebase/util/expected.hpp"

#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace stalebase::sources {

// Variables for Compose interpolation: the `.env` file beside the Compose
// file (and whatever the caller adds), name to value.
using ComposeEnvironment = std::map<std::string, std::string, std::less<>>;

// Interpolates `text` as Compose does: `$$` is a `$`; `$VAR`, `${VAR}`,
// `${VAR:-default}` / `${VAR-default}` (unset-or-empty / unset),
// `${VAR:?error}` / `${VAR?error}`, `${VAR:+alt}` / `${VAR+alt}`, defaults
// holding substitutions themselves. Fails with why the value cannot be known:
// a variable with no value and no default (Compose would use an empty string
// and warn; a checker must not guess), a required variable without a value
// (its error text quoted), or an invalid template.
Expected<std::string, std::string>
interpolate_compose(std::string_view text, const ComposeEnvironment &env);

// The same, with each byte of the result tracked to its offset in `text`
// (none for a variable's value and for the `$` of `$$`): where a rewrite finds
// the bytes a tag came from (a default's, or the environment's).
Expected<dockerfile::TrackedString, std::string>
interpolate_compose_tracked(std::string_view text,
                            const ComposeEnvironment &env);

} // namespace stalebase::sources
