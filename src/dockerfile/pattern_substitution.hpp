#pragma once

#include "stalebase/dockerfile/source_span.hpp"

#include <string>
#include <string_view>

// The pattern forms of BuildKit's ${} (trimPrefix, trimSuffix and the `/`
// replacement in shell/lex.go), appending their result to a TrackedString.
// Bytes taken from `value` keep their origins; replacement text keeps the
// replacement word's origins.

namespace stalebase::dockerfile::pattern {

// `${V#p}` / `${V##p}`: `value` without the shortest (longest when `greedy`)
// prefix matching `pattern`. On a bad pattern returns false and sets `error` to
// BuildKit's message.
bool trim_prefix(const TrackedString &value,
                 std::string_view pattern,
                 bool greedy,
                 TrackedString &out,
                 std::string &error);

// `${V%p}` / `${V%%p}`: the same for a suffix. Like BuildKit, which reverses
// the value as runes, invalid UTF-8 bytes of the value come out as U+FFFD.
bool trim_suffix(const TrackedString &value,
                 std::string_view pattern,
                 bool greedy,
                 TrackedString &out,
                 std::string &error);

// `${V/p/r}` (first match) and `${V//p/r}` (`all`: every match, where like Go's
// Regexp.ReplaceAllString `$0`/`${0}` in the replacement is the matched text,
// `$$` is `$` and other `$name`s are empty). Fails when `out` grows past
// `max_length` bytes.
bool replace(const TrackedString &value,
             std::string_view pattern,
             const TrackedString &replacement,
             bool all,
             std::size_t max_length,
             TrackedString &out,
             std::string &error);

} // namespace stalebase::dockerfile::pattern
