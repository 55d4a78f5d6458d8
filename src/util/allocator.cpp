#include "stalebase/util/allocator.hpp"

#include <cstdlib>

#ifdef STALEBASE_WITH_MIMALLOC
#include <mimalloc.h>
#endif

namespace stalebase::util {

bool malloc_is_mimalloc() {
#ifdef STALEBASE_WITH_MIMALLOC
  // Linking mimalloc before the C library makes its malloc the one every
  // library calls; a block from std::malloc then lies in mimalloc's heap.
  // (calloc: gcc would warn that mimalloc reads an uninitialised block.)
  void *block = std::calloc(1, 64);
  const bool ours = block != nullptr && mi_is_in_heap_region(block);
  std::free(block);
  return ours;
#else
  return false;
#endif
}

std::string allocator_description() {
#ifdef STALEBASE_WITH_MIMALLOC
  const int version = mi_version(); // e.g. 209 for 2.0.9
  std::string text = "mimalloc " + std::to_string(version / 100) + "." +
                     std::to_string(version / 10 % 10) + "." +
                     std::to_string(version % 10);
  if (!malloc_is_mimalloc()) {
    text += " (linked, but malloc is not overridden)";
  }
  return text;
#else
  return "system malloc";
#endif
}

} // namespace stalebase::util
