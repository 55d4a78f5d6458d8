#include "stalebase/util/host_platform.hpp"

namespace stalebase::util {

std::string host_platform() {
#if defined(_WIN32)
  const std::string os = "windows";
#elif defined(__APPLE__)
  const std::string os = "darwin";
#elif defined(__FreeBSD__)
  const std::string os = "freebsd";
#else
  const std::string os = "linux";
#endif
#if defined(__x86_64__) || defined(_M_X64)
  return os + "/amd64";
#elif defined(__aarch64__) || defined(_M_ARM64)
  return os + "/arm64";
#elif defined(__arm__)
  return os + "/arm/v7";
#elif defined(__i386__)
  return os + "/386";
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  return os + "/ppc64le";
#elif defined(__s390x__)
  return os + "/s390x";
#elif defined(__riscv) && __riscv_xlen == 64
  return os + "/riscv64";
#else
  return os + "/amd64";
#endif
}

} // namespace stalebase::util
