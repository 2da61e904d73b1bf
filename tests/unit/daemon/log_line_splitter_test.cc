#include "daemon/logs/log_line_splitter.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tend {
namespace {

struct Piece {
  std::string text;
  LineEnd end;
  bool operator==(const Piece& o) const { return text == o.text && end == o.end; }
};

std::ostream& operator<<(std::ostream& os, const Piece& p) {
  return os << "{\"" << p.text << "\", " << static_cast<int>(p.end) << "}";
}

std::vector<Piece> Split(const std::vector<std::string>& chunks, size_t cap, bool finish) {
  LineSplitter splitter(cap);
  std::vector<Piece> out;
  auto sink = [&out](std::string_view text, LineEnd end) {
    out.push_back({std::string(text), end});
  };
  for (const std::string& chunk : chunks)
    splitter.Feed(chunk, sink);
  if (finish) splitter.Finish(sink);
  return out;
}

constexpr LineEnd kNl = LineEnd::kNewline;
constexpr LineEnd kCap = LineEnd::kCapped;
constexpr LineEnd kEof = LineEnd::kEof;

struct Case {
  const char* name;
  std::vector<std::string> chunks;
  size_t cap;
  bool finish;
  std::vector<Piece> want;
};

TEST(LineSplitterTest, Table) {
  const std::vector<Case> cases = {
      {"one line", {"hello\n"}, 64, false, {{"hello", kNl}}},
      {"two lines in one chunk", {"a\nb\n"}, 64, false, {{"a", kNl}, {"b", kNl}}},
      {"partial held until newline", {"hel", "lo", "\n"}, 64, false, {{"hello", kNl}}},
      {"partial not emitted without finish", {"abc"}, 64, false, {}},
      {"partial emitted at eof", {"abc"}, 64, true, {{"abc", kEof}}},
      {"nothing held: nothing at eof", {"abc\n"}, 64, true, {{"abc", kNl}}},
      {"empty lines kept", {"\n\n"}, 64, false, {{"", kNl}, {"", kNl}}},
      {"crlf kept as is", {"a\r\nb\r\n"}, 64, false, {{"a\r", kNl}, {"b\r", kNl}}},
      {"binary bytes untouched",
       {std::string("\xff\xfe\x00\x80z\n", 6)},
       64,
       false,
       {{std::string("\xff\xfe\x00\x80z", 5), kNl}}},
      {"exactly cap then newline", {"abcd\n"}, 4, false, {{"abcd", kNl}}},
      {"cap splits a long line",
       {"abcdefghij\n"},
       4,
       false,
       {{"abcd", kCap}, {"efgh", kCap}, {"ij", kNl}}},
      {"cap across chunks", {"ab", "cdef", "gh\n"}, 4, false, {{"abcd", kCap}, {"efgh", kNl}}},
      {"full piece held until the next byte",
       {"abcd", "efgh", "ij\n"},
       4,
       false,
       {{"abcd", kCap}, {"efgh", kCap}, {"ij", kNl}}},
      {"capped line ended by eof", {"abcdef"}, 4, true, {{"abcd", kCap}, {"ef", kEof}}},
      {"capped exactly at eof ends the line",
       {"abcd", "efgh"},
       4,
       true,
       {{"abcd", kCap}, {"efgh", kEof}}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Split(c.chunks, c.cap, c.finish), c.want) << c.name;
  }
}

// A 1 MiB line arrives whole, byte for byte, in consecutive pieces of the cap.
TEST(LineSplitterTest, MegabyteLineArrivesExactlyInPieces) {
  std::string line(1024 * 1024, '\0');
  for (size_t i = 0; i < line.size(); ++i)
    line[i] = static_cast<char>((i * 7 + 3) % 251 + 1);
  for (char& c : line) {
    if (c == '\n') c = 'x';
  }
  const std::string input = line + "\nnext\n";
  LineSplitter splitter;  // 64 KiB
  std::string reassembled;
  std::vector<size_t> sizes;
  std::vector<LineEnd> ends;
  auto sink = [&](std::string_view text, LineEnd end) {
    reassembled.append(text);
    sizes.push_back(text.size());
    ends.push_back(end);
  };
  for (size_t at = 0; at < input.size(); at += 10000) {
    splitter.Feed(std::string_view(input).substr(at, 10000), sink);
  }
  // 16 pieces of the cap (the last one ended by its newline), then "next".
  ASSERT_EQ(sizes.size(), 17u);
  for (size_t i = 0; i < 16; ++i) {
    EXPECT_EQ(sizes[i], LineSplitter::kDefaultMaxLine);
    EXPECT_EQ(ends[i], i < 15 ? LineEnd::kCapped : LineEnd::kNewline);
  }
  EXPECT_EQ(reassembled, line + "next");
  EXPECT_LE(splitter.held_bytes(), LineSplitter::kDefaultMaxLine);
}

// The lines of one Feed may be gathered and used after it returns: a line
// completed from held bytes is not overwritten by the next partial line.
TEST(LineSplitterTest, TextsOfOneFeedStayValidUntilTheNext) {
  LineSplitter splitter;
  auto ignore = [](std::string_view, LineEnd) {};
  splitter.Feed("first half ", ignore);
  std::vector<std::string_view> texts;
  auto gather = [&texts](std::string_view text, LineEnd) { texts.push_back(text); };
  splitter.Feed("second half\nmiddle\nunfinished tail", gather);
  ASSERT_EQ(texts.size(), 2u);
  EXPECT_EQ(texts[0], "first half second half");
  EXPECT_EQ(texts[1], "middle");
  texts.clear();
  splitter.Finish(gather);
  ASSERT_EQ(texts.size(), 1u);
  EXPECT_EQ(texts[0], "unfinished tail");
}

}  // namespace
}  // namespace tend
