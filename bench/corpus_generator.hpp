#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace stalebase::bench {

// `count` realistic Dockerfiles (multi-stage builds, global ARGs, continuations
// with comments, heredocs, RUN --mount, COPY --from, CRLF files, Windows files
// with escape=`), the same for the same seed.
std::vector<std::string> generate_corpus(std::size_t count,
                                         std::uint64_t seed = 1);

} // namespace stalebase::bench
