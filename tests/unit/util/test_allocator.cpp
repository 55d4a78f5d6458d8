#include "stalebase/util/allocator.hpp"

#include <catch2/catch.hpp>

#include <string>

using stalebase::util::allocator_description;
using stalebase::util::malloc_is_jemalloc;

TEST_CASE("allocator_description names the allocator really in use", "[util]") {
#ifdef STALEBASE_WITH_JEMALLOC
  // Linked with jemalloc: it must have replaced malloc for the whole process
  // (this test program included), and say so without a caveat.
  CHECK(malloc_is_jemalloc());
  const std::string description = allocator_description();
  CHECK(description.rfind("jemalloc 5.", 0) == 0);
  CHECK(description.find("not overridden") == std::string::npos);
#else
  CHECK_FALSE(malloc_is_jemalloc());
  CHECK(allocator_description() == "system malloc");
#endif
}
