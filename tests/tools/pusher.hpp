#pragma once

#include <CLI/CLI.hpp>

namespace stalebase::testkit {

// Registers `push`: pushes the images a seed spec describes to a registry
// through the distribution API (monolithic blob uploads, manifests by
// digest, then tags) and prints one line per pushed tag and child:
//
//   tag REPO:TAG DIGEST MEDIA_TYPE -
//   child REPO:TAG DIGEST MEDIA_TYPE PLATFORM
//   previous REPO:TAG DIGEST MEDIA_TYPE -          (a rebuilt tag's old one)
//   previous-child REPO:TAG DIGEST MEDIA_TYPE PLATFORM
//
// Spec lines (see tests/integration/README.md): image, index, alias,
// rebuild, tags; '#' starts a comment; ${NAME} expands an environment
// variable.
void setup_push_command(CLI::App &app);

} // namespace stalebase::testkit
