#pragma once

#include "stalebase/sources/source_reference.hpp"

#include <string>
#include <string_view>

// What every source's extractor does the same way: paths to values, where a
// scalar is, and checking a found reference with the reference grammar.

namespace stalebase::sources::detail {

// `base.key`, or `base["a.b"]` for a key a dot-joined path could not show.
std::string key_path(std::string_view base, std::string_view key);
// `base[index]`.
std::string index_path(std::string_view base, std::size_t index);

// The scalar `written` stands for (through an alias), as a rewrite needs it.
ScalarLocation locate(const YamlStream &stream, NodeId written);

// A reference whose text is the scalar `written`'s value from byte `skip` on
// (`docker://` skipped), at `path`. `value` starts equal to `written`.
SourceReference scalar_reference(SourceKind kind,
                                 const YamlStream &stream,
                                 std::size_t document,
                                 std::string path,
                                 NodeId written,
                                 std::size_t skip = 0);

// Sets `image` or `invalid` from `value` with the reference grammar, unless
// the reference is unresolvable.
void check_reference(SourceReference &reference);

// The error at `node`.
SourceError
error_at(const YamlStream &stream, NodeId node, std::string message);

} // namespace stalebase::sources::detail
