#pragma once

#include <string>

namespace stalebase::util {

// The platform this binary runs on, as an OCI platform string (`linux/amd64`,
// `linux/arm64`, ...): what BuildKit uses for BUILDPLATFORM and as the default
// target.
std::string host_platform();

} // namespace stalebase::util
