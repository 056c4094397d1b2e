// Streaming input for `odenek simulate`: cuts a claim file into records.
//
// A claim file can hold tens of millions of records, so it is never read
// whole: RecordReader reads a file descriptor in large blocks (4 MiB) and hands
// out one record at a time as a view into its buffer. Memory stays flat: the
// buffer grows only to hold the longest record, and a record longer than the
// limit (1 MiB) is skipped, not buffered, and reported as a bad record.
//
// Two formats:
//   - CSV (RFC 4180): a record ends at a line break outside quotes; quoted
//     fields may hold commas, "" (an escaped quote) and line breaks. CRLF and
//     LF both end a record. SplitCsvRecord splits a record into fields.
//   - JSONL: one record a line (LF or CRLF); the text is handed over as is.
// In both, a UTF-8 byte order mark at the very start is skipped, and a blank
// line (nothing but an optional CR) is not a record: it is not counted in
// record numbers, only in line numbers. This keeps a trailing empty line or a
// hand-edited file with gaps from producing spurious bad records.
//
// Bad records are reported in place and reading goes on: a record holding a
// NUL byte (binary data), one longer than the limit, and a CSV record holding
// a CR not followed by LF (a lone CR: line ends must be LF or CRLF; the
// message gives the CR's line and column). In JSONL a CR inside a line is
// left to the JSON reader: between tokens it is JSON whitespace, inside a
// string JSON refuses it, and a file with CR line ends reads as one line
// whose JSON error says so. A read error stops reading (status()).
//
// An unterminated quote cannot swallow the file (issue #14). A CSV record
// whose quoted field runs past the record limit, reaches the end of the input,
// or spans line breaks without making well-formed fields is one bad record,
// reported at the line where it starts, and reading resumes at the start of
// the next line: the records after a stray '"' are read as usual.
#ifndef ODENEK_ENGINE_SRC_IO_RECORD_READER_H_
#define ODENEK_ENGINE_SRC_IO_RECORD_READER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "odenek/claim.h"
#include "odenek/simulate.h"

namespace odenek::internal {

using InputFormat = RecordFormat;

struct RawRecord {
  // The record's bytes without its line break (and without the CR of a CRLF);
  // valid until the next call to Next(). Empty for a bad record.
  absl::string_view text;
  int64_t number = 0;  // 1-based, counting every record (good or bad) read
  int64_t line = 0;    // 1-based line on which the record starts
  // Non-empty for a bad record: what is wrong with it. Valid for the
  // reader's lifetime, or (a message naming a line and column) until
  // kKeptErrors more bad records have been read.
  absl::string_view error;
};

class RecordReader {
 public:
  struct Options {
    InputFormat format = InputFormat::kCsv;
    size_t block_size = size_t{4} << 20;
    size_t max_record_size = kMaxClaimBytes;  // odenek/claim.h: 1 MiB
  };

  // Reads from `source`, which must outlive the reader.
  RecordReader(ClaimSource* source, const Options& options);
  // Reads from `fd`, which the caller keeps open (and closes) for the
  // reader's lifetime.
  RecordReader(int fd, const Options& options);

  RecordReader(const RecordReader&) = delete;
  RecordReader& operator=(const RecordReader&) = delete;

  // Reads the next record into *record. Returns false at the end of the input
  // or on a read error (then status() is not OK).
  bool Next(RawRecord* record);

  absl::Status status() const { return status_; }
  // Bytes consumed from the descriptor so far (for a progress bar).
  int64_t bytes_read() const { return bytes_read_; }
  // Physical lines consumed so far, blank ones and a last line without a line
  // break included: at the end, every line of the input (a summary's `lines`).
  int64_t lines_read() const { return line_ - 1 + (tail_line_ ? 1 : 0); }

 private:
  // Reads one more block after the unconsumed bytes; false at end of input.
  bool Fill();
  // Finds the end of the record starting at begin_ in buffer_[begin_, end_).
  // Returns the offset of its terminating '\n', or npos if it is not in the
  // buffer yet. *newlines counts line breaks inside the record (CSV quotes).
  size_t FindRecordEnd(size_t* newlines);
  // Reports the record at begin_ as too long and resumes at the next line
  // start (a stray quote costs one line, not the rest of the file).
  void RejectTooLong(RawRecord* record);
  // Numbers a bad record starting at line_ (its error is the caller's).
  void StartBadRecord(RawRecord* record);
  // Consumes up to and including the next '\n' from begin_ (reading more
  // blocks without buffering them), and resets the quote state.
  void SkipLine();
  // The offset of the first CR in `text` not followed by LF, or npos.
  static size_t FindLoneCr(absl::string_view text);
  // "line L, column C: a carriage return ..." for the CR at text[cr], text
  // starting on line `first_line`.
  absl::string_view LoneCrError(absl::string_view text, size_t cr, int64_t first_line);
  // Keeps a message made for one record. RawRecord::error must outlive the
  // next Next() (simulate peeks ahead up to 1024 records), so the last
  // kKeptErrors messages are kept.
  absl::string_view KeepError(std::string message);
  static constexpr size_t kKeptErrors = 4096;

  RecordReader(std::unique_ptr<ClaimSource> owned, const Options& options);

  std::unique_ptr<ClaimSource> owned_;  // the fd constructor's source
  ClaimSource* const source_;
  const Options options_;
  const std::string too_long_;  // the error for a record over the limit
  const std::string quote_too_long_;  // ... whose first line holds a quote
  std::vector<std::string> kept_errors_;  // KeepError's ring, made on first use
  size_t next_kept_error_ = 0;
  std::vector<absl::string_view> check_fields_;  // checking multi-line CSV records
  std::string check_scratch_;
  std::string buffer_;
  size_t begin_ = 0;          // start of unconsumed bytes
  size_t end_ = 0;            // end of valid bytes
  size_t scan_ = 0;           // how far FindRecordEnd got in the current record
  bool in_quotes_ = false;    // scanner state at scan_ (CSV)
  size_t scan_newlines_ = 0;  // line breaks seen in the current record
  bool eof_ = false;
  bool at_start_ = true;  // nothing consumed yet: a BOM may follow
  int64_t records_ = 0;
  int64_t line_ = 1;
  bool tail_line_ = false;  // consumed a last line that has no line break
  int64_t bytes_read_ = 0;
  absl::Status status_;
};

// Splits one CSV record into fields. Views point into `text` or, for a
// quoted field holding "" escapes, into *scratch (which is reset and must not
// be touched while the views are in use). Reuses *fields' capacity.
// InvalidArgument naming the field for a stray quote: a '"' inside an
// unquoted field, or anything but ',' after a closing quote.
absl::Status SplitCsvRecord(absl::string_view text, std::vector<absl::string_view>* fields,
                            std::string* scratch);

}  // namespace odenek::internal

#endif  // ODENEK_ENGINE_SRC_IO_RECORD_READER_H_
