// The streaming readers of `odenek simulate` (engine/src/io/record_reader.h): record
// boundaries, line numbers and bad records, for every block size.
#include "io/record_reader.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace odenek::internal {
namespace {

using ::testing::ElementsAre;

struct Rec {
  int64_t number;
  int64_t line;
  std::string text;
  std::string error;
  bool operator==(const Rec&) const = default;
};

void PrintTo(const Rec& r, std::ostream* os) {
  *os << "{" << r.number << ", " << r.line << ", \"" << r.text << "\", \"" << r.error << "\"}";
}

// Writes `data` to a temporary file and reads it back record by record.
std::vector<Rec> ReadAll(const std::string& data, InputFormat format, size_t block_size = 4096,
                         size_t max_record = 1 << 20, int64_t* lines = nullptr) {
  char path[] = "/tmp/odenek_input_testXXXXXX";
  const int fd = mkstemp(path);
  EXPECT_GE(fd, 0);
  EXPECT_EQ(write(fd, data.data(), data.size()), static_cast<ssize_t>(data.size()));
  lseek(fd, 0, SEEK_SET);
  RecordReader reader(fd,
                      {.format = format, .block_size = block_size, .max_record_size = max_record});
  std::vector<Rec> out;
  RawRecord r;
  while (reader.Next(&r)) {
    out.push_back({r.number, r.line, std::string(r.text), std::string(r.error)});
  }
  EXPECT_TRUE(reader.status().ok()) << reader.status();
  EXPECT_EQ(reader.bytes_read(), static_cast<int64_t>(data.size()));
  if (lines != nullptr) *lines = reader.lines_read();
  close(fd);
  unlink(path);
  return out;
}

// The same records whatever the block size: boundaries never matter.
std::vector<Rec> ReadAllBlockSizes(const std::string& data, InputFormat format,
                                   size_t max_record = 1 << 20) {
  std::vector<Rec> expected = ReadAll(data, format, 1 << 16, max_record);
  for (size_t block : {1, 2, 3, 5, 7, 16}) {
    EXPECT_EQ(ReadAll(data, format, block, max_record), expected) << "block size " << block;
  }
  return expected;
}

TEST(RecordReaderTest, CsvLinesLfAndCrlf) {
  EXPECT_THAT(ReadAllBlockSizes("id,a\r\n1,x\n2,y\r\n", InputFormat::kCsv),
              ElementsAre(Rec{1, 1, "id,a", ""}, Rec{2, 2, "1,x", ""}, Rec{3, 3, "2,y", ""}));
}

TEST(RecordReaderTest, EmptyInputHasNoRecords) {
  EXPECT_TRUE(ReadAll("", InputFormat::kCsv).empty());
  EXPECT_TRUE(ReadAll("", InputFormat::kJsonl).empty());
  EXPECT_TRUE(ReadAll("\xEF\xBB\xBF", InputFormat::kCsv).empty());
  EXPECT_TRUE(ReadAll("\n\r\n\n", InputFormat::kJsonl).empty());
}

TEST(RecordReaderTest, BomIsSkipped) {
  EXPECT_THAT(ReadAllBlockSizes("\xEF\xBB\xBFid,a\n1,x\n", InputFormat::kCsv),
              ElementsAre(Rec{1, 1, "id,a", ""}, Rec{2, 2, "1,x", ""}));
  EXPECT_THAT(ReadAllBlockSizes("\xEF\xBB\xBF{}\n", InputFormat::kJsonl),
              ElementsAre(Rec{1, 1, "{}", ""}));
}

TEST(RecordReaderTest, QuotedFieldsSpanLines) {
  const std::string csv =
      "id,note\r\n"
      "1,\"a, b\"\r\n"
      "2,\"line one\r\nline \"\"two\"\"\nthree\"\r\n"
      "3,\"\"\"\"\n";
  EXPECT_THAT(ReadAllBlockSizes(csv, InputFormat::kCsv),
              ElementsAre(Rec{1, 1, "id,note", ""}, Rec{2, 2, "1,\"a, b\"", ""},
                          Rec{3, 3, "2,\"line one\r\nline \"\"two\"\"\nthree\"", ""},
                          Rec{4, 6, "3,\"\"\"\"", ""}));
}

TEST(RecordReaderTest, BlankLinesAreNotRecordsButCountAsLines) {
  EXPECT_THAT(ReadAllBlockSizes("a\n\nb\r\n\r\nc\n\n", InputFormat::kCsv),
              ElementsAre(Rec{1, 1, "a", ""}, Rec{2, 3, "b", ""}, Rec{3, 5, "c", ""}));
  EXPECT_THAT(ReadAllBlockSizes("{\"a\":1}\n\n{\"b\":\"x,\\\"y\"}\r\n", InputFormat::kJsonl),
              ElementsAre(Rec{1, 1, "{\"a\":1}", ""}, Rec{2, 3, "{\"b\":\"x,\\\"y\"}", ""}));
}

TEST(RecordReaderTest, LastRecordWithoutLineBreak) {
  EXPECT_THAT(ReadAllBlockSizes("a\nb", InputFormat::kCsv),
              ElementsAre(Rec{1, 1, "a", ""}, Rec{2, 2, "b", ""}));
  EXPECT_THAT(ReadAllBlockSizes("a\nb\r", InputFormat::kCsv),
              ElementsAre(Rec{1, 1, "a", ""}, Rec{2, 2, "b", ""}));
  EXPECT_THAT(ReadAllBlockSizes("{}\n{\"a\":", InputFormat::kJsonl),
              ElementsAre(Rec{1, 1, "{}", ""}, Rec{2, 2, "{\"a\":", ""}));
}

// Issue #14: a quoted field still open at the end of the input is one bad
// record at the line it starts on; the lines after that one are read again.
TEST(RecordReaderTest, TruncatedQuotedFieldIsABadRecord) {
  std::vector<Rec> recs = ReadAllBlockSizes("id,a\n1,\"open\nstill open", InputFormat::kCsv);
  ASSERT_EQ(recs.size(), 3u);
  EXPECT_EQ(recs[1].number, 2);
  EXPECT_EQ(recs[1].line, 2);
  EXPECT_EQ(recs[1].text, "");
  EXPECT_THAT(recs[1].error, ::testing::HasSubstr("unterminated quote: a quoted field is not "
                                                  "closed before the end of the input"));
  EXPECT_EQ(recs[2], (Rec{3, 3, "still open", ""}));
}

// The rows of a CSV file with one stray '"', at the start, in the middle or
// at the end of a row: that row is the only bad record.
TEST(RecordReaderTest, AStrayQuoteCostsOneRecord) {
  auto rows = [](int stray_row, const std::string& stray) {
    std::string data = "id,a\n";
    for (int i = 1; i <= 50; ++i) {
      std::string row = "r" + std::to_string(i) + ",x";
      if (i == stray_row) row = stray;
      data += row + "\n";
    }
    return data;
  };
  const std::vector<std::string> strays = {"\"r5,x", "r5,\"x", "r5,x\"", "r5,\"x\ny\"z"};
  for (const std::string& stray : strays) {
    SCOPED_TRACE(stray);
    int64_t lines = 0;
    std::vector<Rec> recs = ReadAll(rows(5, stray), InputFormat::kCsv, 7, 1 << 20, &lines);
    EXPECT_EQ(ReadAllBlockSizes(rows(5, stray), InputFormat::kCsv), recs);
    ASSERT_GE(recs.size(), 51u);
    int bad = 0;
    for (const Rec& r : recs) bad += r.error.empty() ? 0 : 1;
    EXPECT_EQ(recs[5].line, 6);  // the header is line 1
    EXPECT_THAT(recs[5].error, ::testing::HasSubstr("unterminated quote"));
    // Every other row is read as written.
    EXPECT_EQ(recs[4], (Rec{5, 5, "r4,x", ""}));
    EXPECT_EQ(recs.back().text, "r50,x");
    if (stray.find('\n') == std::string::npos) {
      EXPECT_EQ(bad, 1);
      EXPECT_EQ(recs.size(), 51u);
      EXPECT_EQ(recs[6], (Rec{7, 7, "r6,x", ""}));
    }
    EXPECT_EQ(lines, 51 + (stray.find('\n') == std::string::npos ? 0 : 1));
  }
}

// A quoted field that runs on past the record limit (most likely a stray
// quote with no partner): the bad record is its first line only.
TEST(RecordReaderTest, AQuotedFieldPastTheLimitCostsOneLine) {
  std::string data = "id,a\n\"r1,x\n";
  for (int i = 2; i <= 40; ++i) data += "r" + std::to_string(i) + ",x\n";
  std::vector<Rec> recs = ReadAllBlockSizes(data, InputFormat::kCsv, /*max_record=*/64);
  ASSERT_EQ(recs.size(), 41u);
  EXPECT_EQ(recs[1].line, 2);
  EXPECT_THAT(recs[1].error, ::testing::HasSubstr(
                                 "record too long: over 64 bytes, or an unterminated quote"));
  EXPECT_EQ(recs[2], (Rec{3, 3, "r2,x", ""}));
  EXPECT_EQ(recs[40], (Rec{41, 41, "r40,x", ""}));
}

// A well-formed quoted field with line breaks is still one record.
TEST(RecordReaderTest, AWellFormedMultiLineFieldIsOneRecord) {
  int64_t lines = 0;
  std::vector<Rec> recs =
      ReadAll("id,a\n1,\"x\ny\"\n2,z\n", InputFormat::kCsv, 4096, 1 << 20, &lines);
  EXPECT_THAT(recs, ElementsAre(Rec{1, 1, "id,a", ""}, Rec{2, 2, "1,\"x\ny\"", ""},
                                Rec{3, 4, "2,z", ""}));
  EXPECT_EQ(lines, 4);
}

TEST(RecordReaderTest, LinesReadCountsEveryLine) {
  int64_t lines = 0;
  ReadAll("a\n\nb\r\n\r\nc", InputFormat::kCsv, 3, 1 << 20, &lines);
  EXPECT_EQ(lines, 5);
  ReadAll("a\n\n", InputFormat::kJsonl, 3, 1 << 20, &lines);
  EXPECT_EQ(lines, 2);
  ReadAll("", InputFormat::kCsv, 3, 1 << 20, &lines);
  EXPECT_EQ(lines, 0);
  ReadAll("a\n" + std::string(100, 'x') + "\nb", InputFormat::kCsv, 3, 16, &lines);
  EXPECT_EQ(lines, 3);
}

// Lone CR line ends are refused in CSV with the CR's line and column
// (docs/claims.md).
TEST(RecordReaderTest, LoneCrIsABadCsvRecordNamingLineAndColumn) {
  std::vector<Rec> recs = ReadAllBlockSizes("ab\ncd\ref\ngh\n", InputFormat::kCsv);
  ASSERT_EQ(recs.size(), 3u);
  EXPECT_EQ(recs[1].line, 2);
  EXPECT_EQ(recs[1].text, "");
  EXPECT_THAT(recs[1].error,
              ::testing::StartsWith("line 2, column 3: a carriage return (CR) not followed "
                                    "by a line feed (LF)"));
  EXPECT_EQ(recs[2], (Rec{3, 3, "gh", ""}));
  // A whole file of CR line ends is one line: refused at its first CR.
  recs = ReadAllBlockSizes("id,a\r1,x\r2,y\r", InputFormat::kCsv);
  ASSERT_EQ(recs.size(), 1u);
  EXPECT_THAT(recs[0].error, ::testing::StartsWith("line 1, column 5: a carriage return"));
  // Past the record limit too (in both formats), the CR is named, not the length.
  for (InputFormat format : {InputFormat::kCsv, InputFormat::kJsonl}) {
    recs = ReadAllBlockSizes("id,a\r" + std::string(100, 'x') + "\r", format, 16);
    ASSERT_EQ(recs.size(), 1u);
    EXPECT_THAT(recs[0].error, ::testing::StartsWith("line 1, column 5: a carriage return"));
  }
  // Inside a quoted field, on the field's second line.
  recs = ReadAllBlockSizes("id,a\n1,\"x\ny\rz\"\n2,w\n", InputFormat::kCsv);
  ASSERT_EQ(recs.size(), 3u);
  EXPECT_THAT(recs[1].error, ::testing::StartsWith("line 3, column 2: a carriage return"));
  EXPECT_EQ(recs[2], (Rec{3, 4, "2,w", ""}));
}

// In JSONL a CR inside a line is handed to the JSON reader as it is: between
// tokens it is JSON whitespace (RFC 8259 §2). The CR of a CRLF is not.
TEST(RecordReaderTest, JsonlHandsACrInsideALineToTheJsonReader) {
  std::vector<Rec> recs = ReadAllBlockSizes("{}\n{\"a\"\r:1}\r\n{}\n", InputFormat::kJsonl);
  ASSERT_EQ(recs.size(), 3u);
  EXPECT_EQ(recs[1], (Rec{2, 2, "{\"a\"\r:1}", ""}));
  EXPECT_EQ(recs[2], (Rec{3, 3, "{}", ""}));
}

TEST(RecordReaderTest, NulByteIsABadRecordAndReadingGoesOn) {
  const std::string data = std::string("a\nb\0c\nd\n", 8);
  std::vector<Rec> recs = ReadAllBlockSizes(data, InputFormat::kCsv);
  ASSERT_EQ(recs.size(), 3u);
  EXPECT_EQ(recs[1].text, "");
  EXPECT_THAT(recs[1].error, ::testing::HasSubstr("NUL"));
  EXPECT_EQ(recs[2], (Rec{3, 3, "d", ""}));
}

TEST(RecordReaderTest, TooLongRecordIsSkipped) {
  const std::string long_line(100, 'x');
  const std::string quoted = "\"" + std::string(40, 'y') + "\n" + std::string(40, 'z') + "\"";
  const std::string data = "a\n" + long_line + "\nb\n" + quoted + "\nc";
  std::vector<Rec> recs = ReadAllBlockSizes(data, InputFormat::kCsv, /*max_record=*/16);
  ASSERT_EQ(recs.size(), 6u);
  EXPECT_EQ(recs[0], (Rec{1, 1, "a", ""}));
  EXPECT_EQ(recs[1].number, 2);
  EXPECT_THAT(recs[1].error, ::testing::HasSubstr("too long"));
  EXPECT_EQ(recs[2], (Rec{3, 3, "b", ""}));
  // A quoted field over the limit costs its first line only (issue #14); the
  // second line (40 z and a '"') is then a record of its own, too long too.
  EXPECT_EQ(recs[3].line, 4);
  EXPECT_THAT(recs[3].error, ::testing::HasSubstr("record too long: over 16 bytes, or an "
                                                  "unterminated quote"));
  EXPECT_EQ(recs[4].line, 5);
  EXPECT_THAT(recs[4].error, ::testing::HasSubstr("too long"));
  EXPECT_EQ(recs[5], (Rec{6, 6, "c", ""}));

  recs = ReadAllBlockSizes("{}\n" + long_line + "\n{}\n", InputFormat::kJsonl, 16);
  ASSERT_EQ(recs.size(), 3u);
  EXPECT_THAT(recs[1].error, ::testing::HasSubstr("too long"));
  EXPECT_EQ(recs[2], (Rec{3, 3, "{}", ""}));
}

// A record of exactly the limit ended by CRLF fits wherever a block ends,
// also between its CR and its LF (found by csv_row_fuzz).
TEST(RecordReaderTest, RecordOfExactlyTheLimitBeforeCrlf) {
  const std::string record(16, 'x');
  for (InputFormat format : {InputFormat::kCsv, InputFormat::kJsonl}) {
    std::vector<Rec> recs =
        ReadAllBlockSizes("a\r\n" + record + "\r\nb\r\n", format, /*max_record=*/16);
    ASSERT_EQ(recs.size(), 3u);
    EXPECT_EQ(recs[1], (Rec{2, 2, record, ""}));
    EXPECT_EQ(recs[2], (Rec{3, 3, "b", ""}));
    recs = ReadAllBlockSizes("a\r\n" + record + "y\r\nb\r\n", format, 16);
    ASSERT_EQ(recs.size(), 3u);
    EXPECT_THAT(recs[1].error, ::testing::HasSubstr("too long"));
    EXPECT_EQ(recs[2], (Rec{3, 3, "b", ""}));
  }
}

TEST(RecordReaderTest, ManyRecordsAcrossBlocks) {
  std::string data;
  for (int i = 0; i < 5000; ++i) data += "row" + std::to_string(i) + ",\"q,\"\"\"\r\n";
  std::vector<Rec> recs = ReadAll(data, InputFormat::kCsv, 64);
  ASSERT_EQ(recs.size(), 5000u);
  EXPECT_EQ(recs[4999], (Rec{5000, 5000, "row4999,\"q,\"\"\"", ""}));
}

std::vector<std::string> Split(absl::string_view text) {
  std::vector<absl::string_view> fields;
  std::string scratch;
  absl::Status s = SplitCsvRecord(text, &fields, &scratch);
  if (!s.ok()) return {"ERROR: " + std::string(s.message())};
  return std::vector<std::string>(fields.begin(), fields.end());
}

TEST(SplitCsvRecordTest, Plain) {
  EXPECT_THAT(Split("a,b,c"), ElementsAre("a", "b", "c"));
  EXPECT_THAT(Split(""), ElementsAre(""));
  EXPECT_THAT(Split(",,"), ElementsAre("", "", ""));
  EXPECT_THAT(Split("a,"), ElementsAre("a", ""));
}

TEST(SplitCsvRecordTest, Quoted) {
  EXPECT_THAT(Split("\"a,b\",c"), ElementsAre("a,b", "c"));
  EXPECT_THAT(Split("\"\",x"), ElementsAre("", "x"));
  EXPECT_THAT(Split("\"say \"\"hi\"\"\",\"\"\"\",z"), ElementsAre("say \"hi\"", "\"", "z"));
  EXPECT_THAT(Split("1,\"two\r\nlines\""), ElementsAre("1", "two\r\nlines"));
  EXPECT_THAT(Split("x,\"\""), ElementsAre("x", ""));
  EXPECT_THAT(Split("\"a\","), ElementsAre("a", ""));
}

TEST(SplitCsvRecordTest, StrayQuotes) {
  EXPECT_THAT(Split("a,b\"c"), ElementsAre(::testing::HasSubstr("field 2: a '\"' inside")));
  EXPECT_THAT(Split("\"a\"b,c"),
              ElementsAre(::testing::HasSubstr("field 1: expected ',' after the closing quote")));
  EXPECT_THAT(Split("a,\"open"), ElementsAre(::testing::HasSubstr("field 2: the quoted field")));
}

}  // namespace
}  // namespace odenek::internal
