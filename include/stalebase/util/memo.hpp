#pragma once

#include <exception>
#include <future>
#include <map>
#include <mutex>
#include <string>

namespace stalebase::util {

// Answers computed once per key; concurrent askers of one key wait for the
// first, and an exception thrown by `compute` reaches every asker of that key
// (the first included) and stays the answer. Answers live as long as the Memo.
// Thread-safe. The one "compute once per key" helper: the registry client and
// the check engine both use it.
template <typename T> class Memo {
public:
  template <typename Compute>
  const T &get(const std::string &key, Compute &&compute) {
    std::shared_future<T> future;
    std::promise<T> promise;
    bool owner = false;
    {
      const std::lock_guard lock(m_mutex);
      const auto found = m_entries.find(key);
      if (found == m_entries.end()) {
        future = promise.get_future().share();
        m_entries.emplace(key, future);
        owner = true;
      } else {
        future = found->second;
      }
    }
    if (owner) {
      try {
        promise.set_value(compute());
      } catch (...) {
        promise.set_exception(std::current_exception());
      }
    }
    return future.get();
  }

private:
  std::mutex m_mutex;
  std::map<std::string, std::shared_future<T>> m_entries;
};

} // namespace stalebase::util
