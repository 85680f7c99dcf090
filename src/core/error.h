// Errors a user can cause come back as values: a stable code, a Chinese message that says what
// to do, and where in the input it happened. Asserts are for programmer errors only.
#pragma once
#include <string>
#include <utility>
#include <variant>

namespace qis {

struct Error {
  std::string code;     // stable id, e.g. "rubric.sum_mismatch" (see docs/errors.md)
  std::string message;  // Chinese, for the user
  std::string where;    // JSON path or criterion id; may be empty
};

// A value or the error that prevented it.
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Error error) : v_(std::move(error)) {}
  bool ok() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return ok(); }
  const T& value() const& { return std::get<T>(v_); }
  T& value() & { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  const Error& error() const { return std::get<Error>(v_); }

 private:
  std::variant<T, Error> v_;
};

// Thrown inside loaders only, caught at their boundary and returned as an Error.
struct LoadFailure {
  Error error;
};

}  // namespace qis
