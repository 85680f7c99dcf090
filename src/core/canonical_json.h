// The JSON Canonicalization Scheme (RFC 8785): one byte sequence for every JSON value, whatever
// the key order, whitespace, escapes or number spelling of the file it was read from. Signatures
// (src/trust/) are computed over it, so a signed file may be re-indented or have its keys
// re-ordered and still verify, while any change of a value does not.
#pragma once
#include <optional>
#include <string>

#include "error.h"
#include "json_reader.h"

namespace qis {

// RFC 8785 §3.2.2.3: the ECMAScript Number::toString form of a finite double (the shortest
// decimal that reads back as the same double; "1e+21", "0.000001", "5e-324"; -0 is "0").
// Empty for NaN and infinities, which JSON cannot hold.
std::string ecmascript_number(double value);

// RFC 8785 §3.2: members sorted by the UTF-16 code units of their names, no whitespace, strings
// with only the escapes JSON requires, numbers as ecmascript_number (integers through double,
// like every ECMAScript reader). canonical.number when a number is not finite (a Json built in
// code can hold one; a parsed file cannot). Keys are unique in a Json object already.
Result<std::string> canonical_json(const Json& value);

}  // namespace qis
