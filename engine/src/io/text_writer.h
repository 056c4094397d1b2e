// Small text writers for `odenek simulate` output: CSV fields and JSON strings,
// appended to a reused buffer (no allocation once the buffer has grown).
#ifndef ODENEK_ENGINE_SRC_IO_TEXT_WRITER_H_
#define ODENEK_ENGINE_SRC_IO_TEXT_WRITER_H_

#include <string>

#include "absl/strings/string_view.h"
#include "odenek/date.h"
#include "odenek/decimal.h"

namespace odenek::internal {

// Appends `value` as one RFC 4180 field: as is, or quoted (with "" for a
// quote) when it holds a comma, a quote or a line break.
void AppendCsvField(absl::string_view value, std::string* out);

// Appends `value` as a JSON string with its quotes, escaped as
// odenek::ResultToJson (nlohmann::json) writes it: \" \\ \b \f \n \r \t, other
// control characters as \u00XX, UTF-8 kept, and invalid UTF-8 replaced by
// U+FFFD, one for each longest valid beginning of a sequence or stray byte
// (nlohmann's replace handler), so a binary id still gives a valid JSON line.
void AppendJsonString(absl::string_view value, std::string* out);

// Append d.ToString() ("2023-06-30"), Month::Of(d).ToString() ("2023-06")
// and amount.ToString(2) ("1234.50"), without a temporary string in the
// common case (a 4-digit year; an amount in whole kuruş).
void AppendDate(Date d, std::string* out);
void AppendMonthOf(Date d, std::string* out);
void AppendMoney(Decimal amount, std::string* out);

}  // namespace odenek::internal

#endif  // ODENEK_ENGINE_SRC_IO_TEXT_WRITER_H_
