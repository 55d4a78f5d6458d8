#pragma once

#include "stalebase/dockerfile/source_span.hpp"
#include "stalebase/util/expected.hpp"

#include "dockerfile/logical_line.hpp"
#include "dockerfile/parse_scratch.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace stalebase::dockerfile::detail {

// The arguments of `keyword` (lower case, not `onbuild`) from
// line.text()[begin, end), the text after the flags, trimmed, appended to
// `args` (built in place where their number is known, else collected in
// scratch.nodes and moved). Dispatches as BuildKit's parser does: FROM and
// EXPOSE split on whitespace; ARG into quote-aware words; ENV and LABEL into
// (key, value, separator) triples; CMD, ENTRYPOINT, RUN and SHELL JSON or one
// string; ADD, COPY and VOLUME JSON or split on whitespace; HEALTHCHECK a type
// then JSON or one string; MAINTAINER, STOPSIGNAL, USER and WORKDIR one string;
// unknown keywords one empty string. Returns whether the arguments were in JSON
// form (BuildKit's "json" attribute). Fails with BuildKit's message on a
// non-string JSON element or an ENV/LABEL without a value.
Expected<bool, std::string> parse_arguments(std::string_view keyword,
                                            const LogicalLine &line,
                                            std::size_t begin,
                                            std::size_t end,
                                            char escape,
                                            ParseScratch &scratch,
                                            std::vector<TrackedString> &args);

} // namespace stalebase::dockerfile::detail
