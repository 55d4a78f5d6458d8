#include "stalebase/util/allocator.hpp"

#include <cstdint>
#include <cstdlib>
#include <cstring>

#ifdef STALEBASE_WITH_JEMALLOC
#include <jemalloc/jemalloc.h>
#endif

namespace stalebase::util {

#ifdef STALEBASE_WITH_JEMALLOC
namespace {

// The bytes jemalloc has handed to this thread so far (its statistics are on
// in Debian's build); 0 when it cannot tell.
std::uint64_t allocated_by_this_thread() {
  std::uint64_t value = 0;
  std::size_t size = sizeof value;
  if (mallctl("thread.allocated", &value, &size, nullptr, 0) != 0) {
    return 0;
  }
  return value;
}

} // namespace
#endif

bool malloc_is_jemalloc() {
#ifdef STALEBASE_WITH_JEMALLOC
  // Linking jemalloc before the C library makes its malloc the one every
  // library calls. If std::malloc is jemalloc's, its counter of this thread's
  // allocations grows.
  const std::uint64_t before = allocated_by_this_thread();
  void *volatile block = std::malloc(4096);
  const std::uint64_t after = allocated_by_this_thread();
  std::free(block);
  return after > before;
#else
  return false;
#endif
}

std::string allocator_description() {
#ifdef STALEBASE_WITH_JEMALLOC
  const char *version = nullptr;
  std::size_t size = sizeof version;
  std::string text = "jemalloc";
  if (mallctl("version", static_cast<void *>(&version), &size, nullptr, 0) ==
          0 &&
      version != nullptr) {
    // "5.3.0-0-g54eaed1d…": the release, without the git suffix.
    text += " " + std::string(version, std::strcspn(version, "-"));
  }
  if (!malloc_is_jemalloc()) {
    text += " (linked, but malloc is not overridden)";
  }
  return text;
#else
  return "system malloc";
#endif
}

} // namespace stalebase::util
