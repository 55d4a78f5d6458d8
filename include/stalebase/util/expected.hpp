#pragma once

// A small stand-in for C++23's std::expected (clang 14, used for the fuzzers,
// cannot use libstdc++'s). Same names and semantics for the parts we use, so
// that moving to std::expected later is a rename.

#include <functional>
#include <stdexcept>
#include <type_traits>
#include <utility>
#include <variant>

namespace stalebase {

template <typename E> class Unexpected {
public:
  explicit Unexpected(E error) : m_error(std::move(error)) {}
  const E &error() const & { return m_error; }
  E &error() & { return m_error; }
  E &&error() && { return std::move(m_error); }

private:
  E m_error;
};

template <typename E> Unexpected(E) -> Unexpected<E>;

// Thrown by value() on an Expected that holds an error: a programming error,
// not an expected failure, so it is a logic_error.
class BadExpectedAccess : public std::logic_error {
public:
  BadExpectedAccess()
      : std::logic_error("value() called on an Expected holding an error") {}
};

template <typename T, typename E> class Expected {
public:
  using value_type = T;
  using error_type = E;

  template <
      typename U = T,
      typename = std::enable_if_t<std::is_constructible_v<T, U &&> &&
                                  !std::is_same_v<std::decay_t<U>, Expected>>>
  Expected(U &&value)
      : m_storage(std::in_place_index<0>, std::forward<U>(value)) {}
  Expected() requires std::is_default_constructible_v<T>
      : m_storage(std::in_place_index<0>) {}
  template <typename G>
  Expected(Unexpected<G> error)
      : m_storage(std::in_place_index<1>, std::move(error).error()) {}

  bool has_value() const noexcept { return m_storage.index() == 0; }
  explicit operator bool() const noexcept { return has_value(); }

  T &value() & {
    check();
    return std::get<0>(m_storage);
  }
  const T &value() const & {
    check();
    return std::get<0>(m_storage);
  }
  T &&value() && {
    check();
    return std::get<0>(std::move(m_storage));
  }
  T &operator*() & { return value(); }
  const T &operator*() const & { return value(); }
  T &&operator*() && { return std::move(*this).value(); }
  T *operator->() { return &value(); }
  const T *operator->() const { return &value(); }

  const E &error() const & { return std::get<1>(m_storage); }
  E &error() & { return std::get<1>(m_storage); }
  E &&error() && { return std::get<1>(std::move(m_storage)); }

  template <typename U> T value_or(U &&fallback) const & {
    return has_value() ? std::get<0>(m_storage)
                       : static_cast<T>(std::forward<U>(fallback));
  }

  // f(T) -> Expected<U, E>
  template <typename F> auto and_then(F &&f) const & {
    using R = std::invoke_result_t<F, const T &>;
    if (has_value()) {
      return std::invoke(std::forward<F>(f), std::get<0>(m_storage));
    }
    return R(Unexpected(error()));
  }
  template <typename F> auto and_then(F &&f) && {
    using R = std::invoke_result_t<F, T &&>;
    if (has_value()) {
      return std::invoke(std::forward<F>(f), std::get<0>(std::move(m_storage)));
    }
    return R(Unexpected(std::move(*this).error()));
  }

  // f(T) -> U; gives Expected<U, E>
  template <typename F> auto transform(F &&f) const & {
    using U = std::remove_cv_t<std::invoke_result_t<F, const T &>>;
    if (has_value()) {
      return Expected<U, E>(
          std::invoke(std::forward<F>(f), std::get<0>(m_storage)));
    }
    return Expected<U, E>(Unexpected(error()));
  }

  // f(E) -> Expected<T, G>
  template <typename F> auto or_else(F &&f) const & {
    using R = std::invoke_result_t<F, const E &>;
    if (has_value()) {
      return R(std::get<0>(m_storage));
    }
    return std::invoke(std::forward<F>(f), error());
  }

  // f(E) -> G; gives Expected<T, G>
  template <typename F> auto transform_error(F &&f) const & {
    using G = std::remove_cv_t<std::invoke_result_t<F, const E &>>;
    if (has_value()) {
      return Expected<T, G>(std::get<0>(m_storage));
    }
    return Expected<T, G>(Unexpected(std::invoke(std::forward<F>(f), error())));
  }

private:
  void check() const {
    if (!has_value()) {
      throw BadExpectedAccess();
    }
  }

  std::variant<T, E> m_storage;
};

// Expected<void, E>: success carries nothing.
template <typename E> class Expected<void, E> {
public:
  Expected() = default;
  template <typename G>
  Expected(Unexpected<G> error)
      : m_error(std::move(error).error()), m_failed(true) {}

  bool has_value() const noexcept { return !m_failed; }
  explicit operator bool() const noexcept { return has_value(); }
  void value() const {
    if (m_failed) {
      throw BadExpectedAccess();
    }
  }
  const E &error() const & { return m_error; }
  E &&error() && { return std::move(m_error); }

private:
  E m_error{};
  bool m_failed = false;
};

} // namespace stalebase
