#include "stalebase/util/allocator.hpp"

#include <catch2/catch.hpp>

#include <string>

using stalebase::util::allocator_description;
using stalebase::util::malloc_is_mimalloc;

TEST_CASE("allocator_description names the allocator really in use", "[util]") {
#ifdef STALEBASE_WITH_MIMALLOC
  // Linked with mimalloc: it must have replaced malloc for the whole process
  // (this test program included), and say so without a caveat.
  CHECK(malloc_is_mimalloc());
  const std::string description = allocator_description();
  CHECK(description.rfind("mimalloc 2.", 0) == 0);
  CHECK(description.find("not overridden") == std::string::npos);
#else
  CHECK_FALSE(malloc_is_mimalloc());
  CHECK(allocator_description() == "system malloc");
#endif
}
