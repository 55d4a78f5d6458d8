#include "stalebase/util/parallel_for.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

using stalebase::util::parallel_for;

TEST_CASE("util::parallel_for runs every index once", "[util]") {
  for (const std::size_t workers : {0U, 1U, 3U, 64U}) {
    CAPTURE(workers);
    std::vector<std::atomic<int>> seen(100);
    parallel_for(seen.size(), workers, [&](std::size_t i) { ++seen[i]; });
    for (const auto &count : seen) {
      CHECK(count == 1);
    }
  }
  parallel_for(0, 4, [](std::size_t) { FAIL("no items, no calls"); });
}

TEST_CASE("util::parallel_for uses the threads it is given", "[util]") {
  std::mutex mutex;
  std::set<std::thread::id> threads;
  std::atomic<int> waiting{0};
  parallel_for(4, 4, [&](std::size_t) {
    {
      const std::lock_guard lock(mutex);
      threads.insert(std::this_thread::get_id());
    }
    // Each item waits until all four run at once, which only four threads
    // can do; a bound keeps a broken parallel_for from hanging the suite.
    ++waiting;
    const auto give_up =
        std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (waiting < 4 && std::chrono::steady_clock::now() < give_up) {
      std::this_thread::yield();
    }
  });
  CHECK(threads.size() == 4);
  CHECK(threads.count(std::this_thread::get_id()) == 1);
}

TEST_CASE("util::parallel_for rethrows after joining every thread", "[util]") {
  std::atomic<int> running{0};
  std::atomic<int> finished{0};
  const auto body = [&](std::size_t i) {
    ++running;
    if (i == 3) {
      --running;
      throw std::runtime_error("item 3 failed");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    ++finished;
    --running;
  };
  CHECK_THROWS_WITH(parallel_for(1000, 4, body), "item 3 failed");
  // Joined: nothing still runs once the exception reaches the caller.
  CHECK(running == 0);
  const int done = finished;
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  CHECK(finished == done);
  // No new item started after the failure: far fewer than 1000 ran.
  CHECK(done < 100);
  CHECK_THROWS_AS(parallel_for(5, 1,
                               [](std::size_t i) {
                                 if (i == 4) {
                                   throw std::logic_error("last");
                                 }
                               }),
                  std::logic_error);
}
